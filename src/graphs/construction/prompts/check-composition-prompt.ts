import type { Subtask } from "../../../schema/task.js";

export const CHECK_COMPOSITION_SYSTEM = [
  "You review multi-step tasks for a dataset. You are strict: a composite task passes only if its sub-tasks, done in",
  "order, complete it, and every dependency between them is real. Answer by calling the tool you are given.",
].join("\n");

/** Worked verdicts: one that passes, two that do not, with the reasoning a reviewer gives. */
export const CHECK_COMPOSITION_EXAMPLES = [
  'yes — "Find the ISBN of a novel" then "check a library has that ISBN": the second step needs the first one\'s result, and together they answer the request.',
  'no — "Get the weather in Oslo" and "find a pasta recipe", then "compare the two results": the two lookups have nothing to do with each other, so the last step is not a real decision.',
  'no — "Find flights to Rome" then "book a table at Trattoria Roma for 8 pm": the booking does not use the flight found; the dependency is not real.',
].join("\n");

export function checkCompositionPrompt(task: string, subtasks: Subtask[]): string {
  return [
    "Can the sub-tasks below, done respecting their dependencies, complete the composite task? Consider:",
    "- Does each sub-task that depends on another actually need that one's result?",
    "- Is a parallel sub-task related to the rest: does the final step need its result together with the others'?",
    "- Together, do the sub-tasks cover everything the composite task asks, and nothing unrelated?",
    "- Is the composite task realistic and self-contained (all needed values stated)?",
    "Give your reasoning in one or two sentences, then the verdict \"yes\" or \"no\". When the verdict is no, name the",
    "sub-task at fault and what is wrong with it, so the task can be repaired.",
    "Examples:",
    CHECK_COMPOSITION_EXAMPLES,
    "<composite_task>",
    task,
    "</composite_task>",
    "<subtasks>",
    JSON.stringify(subtasks.map(({ id, text, role, depends_on }) => ({ id, role, depends_on, text }))),
    "</subtasks>",
  ].join("\n");
}
