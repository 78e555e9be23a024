import { UserError } from "../errors.js";
import { normaliseType } from "../tools/json-type.js";
import type { PropertySpec } from "../schema/function-spec.js";
import type { TaskRecord } from "../schema/task.js";
import { assertSchemaCompiles, JSON_SCHEMA_TYPES, parametersJsonSchema, responsesJsonSchema } from "../tools/json-schema.js";

/** What OpenAI and most servers accept as a function name. */
export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Problems that would make a task fail however often it is tried, found before any token is
 * spent: a function name a server rejects, a JSON Schema type that does not exist, a schema that
 * does not compile (bad `pattern`, unresolvable `$ref`), a `depends_on` cycle. Returns a UserError
 * naming the field, or undefined when the task is sound.
 */
export function taskInputProblem(task: TaskRecord, location: { file?: string; line?: number } = {}): UserError | undefined {
  const fail = (message: string, field: string) => new UserError(message, { ...location, field });
  for (const [index, spec] of task.functions.entries()) {
    const field = `functions.${index}`;
    if (!FUNCTION_NAME.test(spec.name)) {
      return fail(`function name '${printable(spec.name)}' is not allowed: use 1-64 letters, digits, '_' or '-'`, `${field}.name`);
    }
    for (const [group, properties] of [["parameters", spec.parameters], ["responses", spec.responses]] as const) {
      for (const [key, property] of Object.entries(properties ?? {})) {
        const problem = typeProblem(property);
        if (problem) return fail(problem, `${field}.${group}.${key}.type`);
      }
    }
    for (const [group, schema] of [["parameters", parametersJsonSchema(spec)], ["responses", responsesJsonSchema(spec)]] as const) {
      try {
        assertSchemaCompiles(schema);
      } catch (error) {
        return fail(`the ${group} schema of '${spec.name}' does not compile: ${(error as Error).message}`, `${field}.${group}`);
      }
    }
  }
  const cycle = dependencyCycle(task);
  if (cycle) return fail(`sub-tasks depend on each other in a cycle: ${cycle.join(" → ")}`, "subtasks.depends_on");
  return undefined;
}

/** A declared type that is neither JSON Schema nor one of BUTTON's loose names (str, int, dict, …). */
function typeProblem(property: PropertySpec, depth = 0): string | undefined {
  if (!property || typeof property !== "object" || depth > 32) return undefined;
  const types = property.type === undefined ? [] : Array.isArray(property.type) ? property.type : [property.type];
  for (const type of types) {
    if (typeof type !== "string" || !(JSON_SCHEMA_TYPES as readonly string[]).includes(normaliseType(type))) {
      return `type '${printable(String(type))}' is not a JSON Schema type; use one of ${JSON_SCHEMA_TYPES.join(", ")}`;
    }
  }
  const nested = property as { items?: PropertySpec; properties?: Record<string, PropertySpec> };
  if (nested.items && typeof nested.items === "object") {
    const problem = typeProblem(nested.items, depth + 1);
    if (problem) return problem;
  }
  for (const child of Object.values(nested.properties ?? {})) {
    const problem = typeProblem(child, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** The ids of one dependency cycle among the sub-tasks, first id repeated at the end; or undefined. */
function dependencyCycle(task: TaskRecord): string[] | undefined {
  const edges = new Map(task.subtasks.map((subtask) => [subtask.id, subtask.depends_on ?? []]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Names shown in messages without control characters. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").slice(0, 80);
}
