import { z } from "zod";
import type { FunctionSpec } from "../../schema/function-spec.js";
import type { Subtask } from "../../schema/task.js";
import { askModel, type StageContext } from "./stage-context.js";
import { GENERATE_FUNCTIONS_SYSTEM, generateFunctionsPrompt } from "./prompts/generate-functions-prompt.js";
import type { StageFeedback } from "./prompts/feedback-section.js";

export { generateFunctionsPrompt };

export const GENERATE_FUNCTIONS_TOOL = "define_functions";

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

export async function generateFunctions(context: StageContext, task: string, subtasks: Subtask[], feedback?: StageFeedback): Promise<GeneratedFunctions> {
  const value = await askModel(context, {
    name: GENERATE_FUNCTIONS_TOOL,
    description: "Define the functions and say which sub-task each serves.",
    schema,
    system: GENERATE_FUNCTIONS_SYSTEM,
    prompt: generateFunctionsPrompt(task, subtasks, feedback),
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
