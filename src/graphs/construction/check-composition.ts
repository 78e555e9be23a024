import { z } from "zod";
import type { Subtask } from "../../schema/task.js";
import { askModel, type StageContext } from "./stage-context.js";

export const CHECK_COMPOSITION_TOOL = "judge_composition";

const SYSTEM = [
  "You review multi-step tasks for a dataset. You are strict: a composite task passes only if its sub-tasks, done in",
  "order, complete it, and every dependency between them is real. Answer by calling the tool you are given.",
].join("\n");

export function checkCompositionPrompt(task: string, subtasks: Subtask[]): string {
  return [
    "Can the sub-tasks below, done respecting their dependencies, complete the composite task? Consider:",
    "- Does each sub-task that depends on another actually need that one's result?",
    "- Together, do the sub-tasks cover everything the composite task asks, and nothing unrelated?",
    "- Is the composite task realistic and self-contained (all needed values stated)?",
    "Give your reasoning in one or two sentences, then the verdict \"yes\" or \"no\".",
    "<composite_task>",
    task,
    "</composite_task>",
    "<subtasks>",
    JSON.stringify(subtasks.map(({ id, text, role, depends_on }) => ({ id, role, depends_on, text }))),
    "</subtasks>",
  ].join("\n");
}

export interface CompositionVerdict {
  verdict: "yes" | "no";
  reasoning: string;
}

export async function checkComposition(context: StageContext, task: string, subtasks: Subtask[]): Promise<CompositionVerdict> {
  return askModel(context, {
    name: CHECK_COMPOSITION_TOOL,
    description: "Judge whether the sub-tasks complete the composite task.",
    schema: z.object({ reasoning: z.string().trim().min(1, "explain your verdict"), verdict: z.enum(["yes", "no"]) }),
    system: SYSTEM,
    prompt: checkCompositionPrompt(task, subtasks),
  });
}
