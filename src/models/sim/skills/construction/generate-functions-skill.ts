import type { PropertySpec } from "../../../../schema/function-spec.js";
import type { SeededRandom } from "../../../../util/seeded-random.js";
import type { SimSkill } from "../../sim-request.js";
import { COMPARISON_STEP } from "./composition-planner.js";
import { FIELDS } from "./fields.js";
import type { Operation } from "./life-domains.js";
import { recogniseOperation } from "./operation-text.js";
import { jsonSection, section } from "./prompt-reading.js";

interface ShownSubtask {
  id: string;
  depends_on: string[];
  text: string;
}

interface GeneratedSpec {
  name: string;
  description: string;
  parameters: Record<string, PropertySpec>;
  required: string[];
  responses: Record<string, PropertySpec>;
}

/**
 * Defines functions from the sub-tasks alone: a recognised request becomes its operation's
 * function (fields shared by name, so results feed later parameters), a comparison step gets
 * none. Now and then a synonym verb is used (`fetch_…` for `get_…`), as different model
 * calls would, which gives the function registry real near-duplicates to merge.
 */
export const generateFunctionsSkill: SimSkill = {
  name: "construction-generate-functions",
  matches: (request) => request.toolChoice === "define_functions",
  respond(request) {
    const task = section(request, "composite_task") ?? "";
    const subtasks = jsonSection<ShownSubtask[]>(request, "subtasks") ?? [];
    const functions: GeneratedSpec[] = [];
    const assignments: Array<{ id: string; kind: "action" | "logic"; functions: string[] }> = [];
    let previousGeneric: string | undefined;
    for (const subtask of subtasks) {
      if (subtask.text.trim() === COMPARISON_STEP) {
        assignments.push({ id: subtask.id, kind: "logic", functions: [] });
        continue;
      }
      const use = recogniseOperation(subtask.text);
      const spec = use ? operationSpec(use.operation, request.random, task) : genericSpec(subtask, previousGeneric);
      if (!use) previousGeneric = spec.name;
      if (!functions.some((existing) => existing.name === spec.name)) functions.push(spec);
      assignments.push({ id: subtask.id, kind: "action", functions: [spec.name] });
    }
    return { content: "", toolCalls: [{ name: "define_functions", args: { functions, subtasks: assignments } }] };
  },
};

function property(field: string): PropertySpec {
  const spec = FIELDS[field];
  if (!spec) return { type: "string", description: field.replace(/_/g, " ") };
  return spec.type === "array"
    ? { type: "array", description: spec.description, items: { type: "string" } }
    : { type: spec.type, description: spec.description };
}

function operationSpec(operation: Operation, random: SeededRandom, task: string): GeneratedSpec {
  const verbs = operation.verbs ?? [];
  const useSynonym = verbs.length > 0 && random.unit("synonym", task, operation.name) < 0.3;
  const verb = useSynonym ? random.pick(verbs, "verb", task, operation.name) : undefined;
  const name = verb ? operation.name.replace(/^[a-z]+/, verb) : operation.name;
  const description = verb ? operation.description.replace(/^\w+/, verb.charAt(0).toUpperCase() + verb.slice(1)) : operation.description;
  return {
    name,
    description,
    parameters: Object.fromEntries(operation.inputs.map((field) => [field, property(field)])),
    required: operation.inputs.filter((field) => !(operation.optional ?? []).includes(field)),
    responses: Object.fromEntries(operation.outputs.map((field) => [field, property(field)])),
  };
}

/** For a request the simulator did not write: a plain function named after its words, chained by `result`. */
function genericSpec(subtask: ShownSubtask, previous: string | undefined): GeneratedSpec {
  const words = subtask.text
    .toLowerCase()
    .replace(/[^a-z\s]/g, " ")
    .split(/\s+/)
    .filter((word) => word.length > 2 && !["the", "and", "for", "with", "that", "this", "from", "please"].includes(word))
    .slice(0, 3);
  const name = words.length > 0 ? words.join("_") : `handle_${subtask.id}`;
  const parameters: Record<string, PropertySpec> = { query: { type: "string", description: "What to look for or act on" } };
  if (previous && subtask.depends_on.length > 0) parameters.result = { type: "string", description: "Result of the previous step" };
  return {
    name,
    description: `Carry out: ${subtask.text}`,
    parameters,
    required: Object.keys(parameters),
    responses: { result: { type: "string", description: "Outcome of the request" } },
  };
}
