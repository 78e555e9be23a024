import { z } from "zod";
import { askModel, wordCount, type StageContext } from "./stage-context.js";
import { ATOMIC_TASK_SYSTEM, MAX_ATOMIC_WORDS, atomicTaskPrompt } from "./prompts/atomic-task-prompt.js";

export { MAX_ATOMIC_WORDS, atomicTaskPrompt };

export const ATOMIC_TASK_TOOL = "write_atomic_task";

/** Words that give away a solution; an atomic task says what is wanted, not how. */
const TOOL_WORDS = /\b(api|apis|endpoint|function|tool|database query)\b|\b[a-z]+_[a-z0-9_]+\b/i;

export const atomicTaskText = z
  .string()
  .trim()
  .min(8, "write the task as a full request")
  .refine((text) => wordCount(text) <= MAX_ATOMIC_WORDS, `use at most ${MAX_ATOMIC_WORDS} words`)
  .refine((text) => !TOOL_WORDS.test(text), "do not name tools, APIs or functions; say what is wanted, not how");

export async function writeAtomicTask(context: StageContext, scenario: string): Promise<string> {
  const value = await askModel(context, {
    name: ATOMIC_TASK_TOOL,
    description: "Write one atomic task for the scenario.",
    schema: z.object({ task: atomicTaskText }),
    system: ATOMIC_TASK_SYSTEM,
    prompt: atomicTaskPrompt(scenario),
  });
  return value.task;
}
