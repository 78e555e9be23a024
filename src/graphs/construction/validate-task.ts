import type { FunctionSpec, PropertySpec } from "../../schema/function-spec.js";
import type { Subtask } from "../../schema/task.js";
import { JSON_SCHEMA_TYPES } from "../../tools/json-schema.js";
import { identifierWords } from "./text-similarity.js";

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Words that mark a step the assistant does by reasoning alone. */
const LOGIC_CUES =
  /\b(compare|comparing|calculat\w*|comput\w*|determin\w*|decid\w*|choos\w*|pick|select|sum|total|add up|difference|average|which|whether|cheaper|cheapest|more|less|rank|sort|count|estimate|recommend\w*|summari[sz]e|evaluate|judge|work out|figure out|convert the total)\b/i;

export interface TaskUnderValidation {
  subtasks: Subtask[];
  functions: FunctionSpec[];
  kinds?: Record<string, "action" | "logic">;
}

/**
 * Everything wrong with a task's functions, as sentences a person can act on; empty when the
 * task passes. Checks names, `required` ⊆ `parameters`, JSON-Schema types, coverage of every
 * non-logic sub-task, and that each dependency is carried by data (some result field of the
 * earlier sub-task's functions plausibly feeds a parameter of the later one's).
 */
export function validateTask(task: TaskUnderValidation): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const spec of task.functions) {
    if (!FUNCTION_NAME.test(spec.name)) problems.push(`function name '${spec.name}' is not a valid identifier (letters, digits, _; at most 64)`);
    if (names.has(spec.name)) problems.push(`function name '${spec.name}' is defined twice`);
    names.add(spec.name);
    if (spec.description.trim() === "") problems.push(`function '${spec.name}' has no description`);
    for (const name of spec.required) {
      if (!(name in spec.parameters)) problems.push(`function '${spec.name}' requires '${name}', which is not among its parameters`);
    }
    if (Object.keys(spec.responses).length === 0) problems.push(`function '${spec.name}' lists no response fields`);
    problems.push(...typeProblems(spec.name, "parameters", spec.parameters), ...typeProblems(spec.name, "responses", spec.responses));
  }

  const used = new Set<string>();
  for (const subtask of task.subtasks) {
    for (const name of subtask.functions) {
      used.add(name);
      if (!names.has(name)) problems.push(`sub-task ${subtask.id} names function '${name}', which is not defined`);
    }
    if (subtask.functions.length === 0 && !isLogicStep(subtask, task.kinds?.[subtask.id])) {
      problems.push(`sub-task ${subtask.id} ("${subtask.text}") needs a function but none covers it`);
    }
  }
  for (const name of names) if (!used.has(name)) problems.push(`function '${name}' serves no sub-task`);

  const byName = new Map(task.functions.map((spec) => [spec.name, spec]));
  const byId = new Map(task.subtasks.map((subtask) => [subtask.id, subtask]));
  for (const later of task.subtasks) {
    const consumers = later.functions.map((name) => byName.get(name)).filter((spec): spec is FunctionSpec => Boolean(spec));
    if (consumers.length === 0) continue;
    for (const dependencyId of later.depends_on) {
      const earlier = byId.get(dependencyId);
      const producers = (earlier?.functions ?? []).map((name) => byName.get(name)).filter((spec): spec is FunctionSpec => Boolean(spec));
      // A reasoning step in between carries data we cannot see by field names.
      if (producers.length === 0) continue;
      if (!producers.some((producer) => consumers.some((consumer) => connections(producer, consumer).length > 0))) {
        problems.push(
          `nothing connects ${dependencyId} → ${later.id}: no result field of ${producers.map((spec) => spec.name).join("/")} ` +
            `fits a parameter of ${consumers.map((spec) => spec.name).join("/")}; name the shared field the same in both`,
        );
      }
    }
  }
  return problems;
}

/** A sub-task without functions is acceptable when it is declared or reads as reasoning. */
function isLogicStep(subtask: Subtask, kind: "action" | "logic" | undefined): boolean {
  if (kind === "action") return false;
  return LOGIC_CUES.test(subtask.text);
}

/**
 * Pairs (result path → parameter) by which `producer`'s output can feed `consumer`'s input.
 * Results are followed into nested objects and lists of objects, so a search that returns
 * `{hotels: [{hotel_id, …}]}` feeds `book_hotel(hotel_id)` through `hotels[].hotel_id`.
 */
export function connections(producer: FunctionSpec, consumer: FunctionSpec): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [path, outputSpec] of resultPaths(producer.responses)) {
    const leaf = path.split(/\.|\[\]\.?/).filter(Boolean).pop() ?? path;
    for (const [input, inputSpec] of Object.entries(consumer.parameters)) {
      if ((namesFit(leaf, input) || namesFit(path.replace(/\[\]/g, ""), input)) && typesFit(outputSpec, inputSpec)) pairs.push([path, input]);
    }
  }
  return pairs;
}

/** Every field of a `responses` map with its path: `hotels`, `hotels[]`, `hotels[].hotel_id`, `owner.name`. */
export function resultPaths(properties: Record<string, PropertySpec>, prefix = "", depth = 0): Array<[string, PropertySpec]> {
  const out: Array<[string, PropertySpec]> = [];
  if (depth > 4) return out;
  for (const [name, spec] of Object.entries(properties)) {
    if (!spec || typeof spec !== "object") continue;
    const path = `${prefix}${name}`;
    out.push([path, spec]);
    const nested = spec.properties as Record<string, PropertySpec> | undefined;
    if (nested && typeof nested === "object") out.push(...resultPaths(nested, `${path}.`, depth + 1));
    const items = spec.items as PropertySpec | undefined;
    if (items && typeof items === "object") {
      const itemProperties = items.properties as Record<string, PropertySpec> | undefined;
      if (itemProperties && typeof itemProperties === "object") out.push(...resultPaths(itemProperties, `${path}[].`, depth + 1));
      // A list of plain values feeds a parameter of that value's type (`ids[]` → `id`).
      else out.push([`${path}[]`, items]);
    }
  }
  return out;
}

/** Same name, or one name's words contained in the other's (`id` ⊂ `hotel_id`, `city` ⊂ `destination_city`). */
function namesFit(output: string, input: string): boolean {
  if (output.toLowerCase() === input.toLowerCase()) return true;
  const left = identifierWords(output);
  const right = identifierWords(input);
  if (left.length === 0 || right.length === 0) return false;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter.every((word) => longer.includes(word)) && shorter.some((word) => word.length > 2);
}

function typesFit(output: PropertySpec, input: PropertySpec): boolean {
  const numeric = new Set(["number", "integer"]);
  const from = typeof output.type === "string" ? output.type : undefined;
  const to = typeof input.type === "string" ? input.type : undefined;
  if (!from || !to || from === to) return true;
  if (numeric.has(from) && numeric.has(to)) return true;
  // An id or a value often travels as text.
  return to === "string" && from !== "object" && from !== "array";
}

function typeProblems(functionName: string, section: string, properties: Record<string, PropertySpec>, prefix = ""): string[] {
  const problems: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const where = `${functionName}.${section}.${prefix}${name}`;
    if (typeof property !== "object" || property === null) {
      problems.push(`${where} must be an object like {"type": "string", "description": "…"}`);
      continue;
    }
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const bad = types.filter((type) => typeof type !== "string" || !(JSON_SCHEMA_TYPES as readonly string[]).includes(type));
    if (property.type === undefined) problems.push(`${where} has no type; use one of ${JSON_SCHEMA_TYPES.join(", ")}`);
    else if (bad.length > 0) problems.push(`${where} has type ${JSON.stringify(property.type)}, not a JSON-Schema type (${JSON_SCHEMA_TYPES.join(", ")})`);
    if (property.items && typeof property.items === "object") {
      problems.push(...typeProblems(functionName, section, { items: property.items as PropertySpec }, `${prefix}${name}.`));
    }
    if (property.properties && typeof property.properties === "object") {
      problems.push(...typeProblems(functionName, section, property.properties as Record<string, PropertySpec>, `${prefix}${name}.`));
    }
  }
  return problems;
}
