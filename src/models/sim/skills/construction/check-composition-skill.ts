import type { SimSkill } from "../../sim-request.js";
import { COMPARISON_STEP } from "./composition-planner.js";
import { recogniseOperation, type OperationUse } from "./operation-text.js";
import { jsonSection } from "./prompt-reading.js";

interface ShownSubtask {
  id: string;
  depends_on: string[];
  text: string;
}

/** Judges a composition the way a careful reviewer would: every dependency must be carried by a result. */
export const checkCompositionSkill: SimSkill = {
  name: "construction-check-composition",
  matches: (request) => request.toolChoice === "judge_composition",
  respond(request) {
    const subtasks = jsonSection<ShownSubtask[]>(request, "subtasks") ?? [];
    const problems = compositionProblems(subtasks);
    const verdict = problems.length === 0 ? "yes" : "no";
    const reasoning =
      problems.length === 0
        ? `Each dependent step uses what the step before it returns, and together the ${subtasks.length} sub-tasks cover the request.`
        : problems.join(" ");
    return { content: "", toolCalls: [{ name: "judge_composition", args: { reasoning, verdict } }] };
  },
};

function compositionProblems(subtasks: ShownSubtask[]): string[] {
  if (subtasks.length < 2) return ["A composite task needs at least two sub-tasks."];
  const uses = new Map<string, OperationUse | "comparison" | undefined>();
  for (const subtask of subtasks) {
    uses.set(subtask.id, subtask.text.trim() === COMPARISON_STEP ? "comparison" : recogniseOperation(subtask.text));
  }
  const problems: string[] = [];
  for (const subtask of subtasks) {
    const use = uses.get(subtask.id);
    if (use === undefined) {
      if (subtask.text.trim().split(/\s+/).length < 4) problems.push(`Sub-task ${subtask.id} is too vague to act on.`);
      continue;
    }
    if (use === "comparison") {
      if (subtask.depends_on.length < 2) problems.push(`Sub-task ${subtask.id} compares results but depends on fewer than two steps.`);
      continue;
    }
    const dependencies = subtask.depends_on.map((id) => uses.get(id));
    const supplied = new Set(
      dependencies.flatMap((dependency) => (dependency && dependency !== "comparison" ? dependency.operation.outputs : [])),
    );
    for (const [position, dependency] of dependencies.entries()) {
      if (!dependency || dependency === "comparison") continue;
      if (!use.operation.inputs.some((field) => dependency.operation.outputs.includes(field))) {
        problems.push(`Sub-task ${subtask.id} does not need anything that ${subtask.depends_on[position]} produces.`);
      }
    }
    for (const field of use.fromEarlier) {
      if (!supplied.has(field)) problems.push(`Sub-task ${subtask.id} refers to a ${field.replace(/_/g, " ")} that no earlier step provides.`);
    }
  }
  return problems;
}
