import { readNegativeFacts } from "../schema/negative-facts.js";
import type { TaskRecord } from "../schema/task.js";

/**
 * Lines for the assistant's private briefing when some sub-tasks cannot be done with the functions
 * offered. They state what is true of the offered functions and never name the variant, so the
 * assistant decides from the request and the tools, as a deployed model must.
 */
export function unservedGuidance(task: TaskRecord): string[] {
  if (!task.subtasks.some((subtask) => subtask.unserved)) return [];
  return [
    'A sub-task marked "unserved": true cannot be done with the functions offered (none of them fits it, and nothing that depends on it can be finished).',
    "Call no function for it, do not pretend it is done, and say plainly in your final answer which part you cannot do and why; do the other sub-tasks as usual.",
  ];
}

/**
 * Lines for the user agent when the task holds a detail back (`missing-info`): the user knows the
 * value, keeps it out of the first message, gives it when asked, and knows nothing else.
 */
export function heldBackGuidance(task: TaskRecord): string[] {
  const withheld = readNegativeFacts(task.meta)?.withheld_value;
  if (!withheld) return [];
  return [
    "- You also know the detail below, which the task leaves out. Do not mention it in your first message; if the assistant asks for it, give it exactly as written.",
    "- If the assistant asks for anything else that the task and this detail do not say, answer that you don't know anything else.",
    "<held_back>",
    `${withheld.label}: ${withheld.value}`,
    "</held_back>",
  ];
}
