import { z } from "zod";
import type { FunctionSpec } from "../../schema/function-spec.js";
import type { Subtask } from "../../schema/task.js";
import { askModel, type StageContext } from "./stage-context.js";

export const GENERATE_FUNCTIONS_TOOL = "define_functions";

const SYSTEM = [
  "You design the software functions an assistant would call to carry out a task: clean, general APIs of the kind a",
  "real service would offer. Answer by calling the tool you are given.",
].join("\n");

export function generateFunctionsPrompt(task: string, subtasks: Subtask[]): string {
  return [
    "Define the functions needed for the sub-tasks below. Rules:",
    "- For each sub-task give its kind: \"action\" (needs data or an effect from a system: one or more functions) or",
    "  \"logic\" (pure reasoning, comparison or arithmetic the assistant does itself: no function).",
    "- General: a function must be useful beyond this task (e.g. search_flights, not find_flight_to_paris_in_may).",
    "- Granular: one function does one thing.",
    "- Consistent: when a sub-task depends on another, a result field of the earlier function feeds a parameter of the",
    "  later one; give them the same name and type.",
    "- Names are snake_case identifiers. `parameters` and `responses` map field names to {type, description}; types are",
    "  JSON-Schema types (string, number, integer, boolean, array, object). `required` lists parameter names.",
    "- `responses` lists the fields the function returns (at least one).",
    "<composite_task>",
    task,
    "</composite_task>",
    "<subtasks>",
    JSON.stringify(subtasks.map(({ id, text, depends_on }) => ({ id, depends_on, text }))),
    "</subtasks>",
  ].join("\n");
}

const property = z.object({ type: z.string(), description: z.string() }).catchall(z.unknown());

/** Loose on purpose: bad types and stray `required` names are for validation to report, not the schema. */
const schema = z.object({
  functions: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      parameters: z.record(z.string(), property),
      required: z.array(z.string()),
      responses: z.record(z.string(), property),
    }),
  ),
  subtasks: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["action", "logic"]),
      functions: z.array(z.string()),
    }),
  ),
});

export interface GeneratedFunctions {
  functions: FunctionSpec[];
  /** Per sub-task id: its kind and the names of the functions that serve it. */
  assignments: Array<{ id: string; kind: "action" | "logic"; functions: string[] }>;
}

export async function generateFunctions(context: StageContext, task: string, subtasks: Subtask[]): Promise<GeneratedFunctions> {
  const value = await askModel(context, {
    name: GENERATE_FUNCTIONS_TOOL,
    description: "Define the functions and say which sub-task each serves.",
    schema,
    system: SYSTEM,
    prompt: generateFunctionsPrompt(task, subtasks),
  });
  return { functions: value.functions, assignments: value.subtasks };
}

/** The sub-tasks with their functions filled in from the assignments (unknown ids are ignored). */
export function assignFunctions(subtasks: Subtask[], generated: GeneratedFunctions): Subtask[] {
  return subtasks.map((subtask) => {
    const assignment = generated.assignments.find((entry) => entry.id === subtask.id);
    return { ...subtask, functions: assignment ? [...assignment.functions] : [] };
  });
}
