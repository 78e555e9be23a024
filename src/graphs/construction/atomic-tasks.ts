import { z } from "zod";
import { askModel, wordCount, type StageContext } from "./stage-context.js";

export const ATOMIC_TASK_TOOL = "write_atomic_task";
export const MAX_ATOMIC_WORDS = 30;

const SYSTEM = [
  "You write single, concrete requests that a person could give an assistant which has software functions at hand.",
  "Answer by calling the tool you are given.",
].join("\n");

/** Words that give away a solution; an atomic task says what is wanted, not how. */
const TOOL_WORDS = /\b(api|apis|endpoint|function|tool|database query)\b|\b[a-z]+_[a-z0-9_]+\b/i;

export const atomicTaskText = z
  .string()
  .trim()
  .min(8, "write the task as a full request")
  .refine((text) => wordCount(text) <= MAX_ATOMIC_WORDS, `use at most ${MAX_ATOMIC_WORDS} words`)
  .refine((text) => !TOOL_WORDS.test(text), "do not name tools, APIs or functions; say what is wanted, not how");

export function atomicTaskPrompt(scenario: string): string {
  return [
    "Write one task that fits the scenario below. Rules:",
    "- Realistic: something a person in this scenario would really want done.",
    "- Atomic: it can be done in a single step.",
    "- Self-contained: state every detail needed (names, places, dates, amounts); assume no personal context and leave",
    "  nothing to ask back.",
    "- Do not name any tool, function or solution; say what is wanted.",
    `- At most ${MAX_ATOMIC_WORDS} words.`,
    "<scenario>",
    scenario,
    "</scenario>",
  ].join("\n");
}

export async function writeAtomicTask(context: StageContext, scenario: string): Promise<string> {
  const value = await askModel(context, {
    name: ATOMIC_TASK_TOOL,
    description: "Write one atomic task for the scenario.",
    schema: z.object({ task: atomicTaskText }),
    system: SYSTEM,
    prompt: atomicTaskPrompt(scenario),
  });
  return value.task;
}
