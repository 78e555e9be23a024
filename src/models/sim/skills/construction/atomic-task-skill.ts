import type { SimSkill } from "../../sim-request.js";
import { domainOfScenario, renderOperation } from "./operation-text.js";
import { section } from "./prompt-reading.js";
import { allDomains } from "./scenario-phrases.js";
import { reconcileValues, valueFor } from "./task-values.js";

/** Writes one self-contained request for a scenario: an opening operation of its domain with concrete values. */
export const atomicTaskSkill: SimSkill = {
  name: "construction-atomic-task",
  matches: (request) => request.toolChoice === "write_atomic_task",
  respond(request) {
    const scenario = section(request, "scenario") ?? "";
    const domain = domainOfScenario(scenario) ?? request.random.pick(allDomains(), "domain", scenario);
    const starters = domain.operations.filter((operation) => operation.starter);
    // Domain-specific openers first: shared ones (profiles, currency) would make every domain alike.
    const own = starters.filter((operation) => !["get_customer_profile", "convert_currency"].includes(operation.name));
    const operation = request.random.pick(own.length > 0 ? own : starters, "atomic", scenario);
    const values = reconcileValues(
      Object.fromEntries(operation.inputs.map((field) => [field, valueFor(field, request.random, "atomic", scenario)])),
    );
    const task = renderOperation(operation, values, []);
    return { content: "", toolCalls: [{ name: "write_atomic_task", args: { task } }] };
  },
};
