import { z } from "zod";
import type { Subtask } from "../../schema/task.js";
import { askModel, type StageContext } from "./stage-context.js";
import { CHECK_COMPOSITION_SYSTEM, checkCompositionPrompt } from "./prompts/check-composition-prompt.js";

export { checkCompositionPrompt };

export const CHECK_COMPOSITION_TOOL = "judge_composition";

export interface CompositionVerdict {
  verdict: "yes" | "no";
  reasoning: string;
}

export async function checkComposition(context: StageContext, task: string, subtasks: Subtask[]): Promise<CompositionVerdict> {
  return askModel(context, {
    name: CHECK_COMPOSITION_TOOL,
    description: "Judge whether the sub-tasks complete the composite task.",
    schema: z.object({ reasoning: z.string().trim().min(1, "explain your verdict"), verdict: z.enum(["yes", "no"]) }),
    system: CHECK_COMPOSITION_SYSTEM,
    prompt: checkCompositionPrompt(task, subtasks),
  });
}
