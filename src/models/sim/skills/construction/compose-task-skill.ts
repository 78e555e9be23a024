import type { SimSkill } from "../../sim-request.js";
import { planComposition, type PlanSlot, type PlannedStep } from "./composition-planner.js";
import { domainOf, recogniseOperation } from "./operation-text.js";
import { jsonSection } from "./prompt-reading.js";
import { allDomains } from "./scenario-phrases.js";

/**
 * Fills the composer's plan: recognises the given task, picks operations whose inputs take
 * the earlier steps' results, and writes a composite request that states every value.
 */
export const composeTaskSkill: SimSkill = {
  name: "construction-compose-task",
  matches: (request) => request.toolChoice === "compose_task",
  respond(request) {
    const plan = jsonSection<Array<PlanSlot & { text?: string }>>(request, "plan") ?? [];
    const given = plan[0]?.text ?? "";
    const recognised = recogniseOperation(given);
    let steps: PlannedStep[];
    if (recognised) {
      steps = planComposition(recognised, plan, request.random, given).steps;
    } else {
      // Text the simulator did not write: follow up generically within the nearest domain.
      const domain = domainOf(given) ?? request.random.pick(allDomains(), "domain", given);
      steps = [
        { id: plan[0]?.id ?? "s1", text: given },
        ...plan.slice(1).map((slot) => ({ id: slot.id, text: `Follow up on the result with a ${domain.name} request.` })),
      ];
    }
    const subtasks = steps.slice(1).map((step) => ({ id: step.id, text: step.text }));
    return {
      content: "",
      toolCalls: [{ name: "compose_task", args: { subtasks, task: compositeText(plan, steps) } }],
    };
  },
};

/** One request in a person's words: every step's sentence, joined by how the steps relate. */
function compositeText(plan: PlanSlot[], steps: PlannedStep[]): string {
  const clauses = steps.map((step) => step.text.replace(/\.$/, ""));
  const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
  const parts = [`Please ${lower(clauses[0]!)}`];
  for (let index = 1; index < clauses.length; index++) {
    const slot = plan[index];
    const independent = (slot?.depends_on.length ?? 1) === 0;
    const last = index === clauses.length - 1;
    const joiner = independent ? "; at the same time, " : last && clauses.length > 2 ? ", and finally " : ", then ";
    parts.push(`${joiner}${lower(clauses[index]!)}`);
  }
  return `${parts.join("")}.`;
}
