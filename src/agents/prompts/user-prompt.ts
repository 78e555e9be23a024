import { heldBackGuidance } from "../negative-briefing.js";
import type { TaskRecord } from "../../schema/task.js";

export const OPENING_INSTRUCTION = "Write your first message to the assistant now.";

/** The user agent's rules: a person asking, never a plan, a tool name or the answer. */
export const USER_RULES = [
  "- Write as this person would, in the first person, in one message.",
  "- Include every concrete detail the assistant needs (names, dates, places, amounts) exactly as given in the task.",
  "- Do not name any tool, function or API, and do not dictate the steps to take.",
  "- Do not solve the task yourself: never state results, answers or values the task does not give; the assistant finds them.",
  "- If the assistant asks you a question, answer it in character using only facts from the task; if the task does not say, say you don't know.",
  "- Reply with the message text only.",
];

/** A worked example: one task, a good opening, and openings that break the rules. */
export const USER_EXAMPLE = [
  'Task: "Find the ISBN of \'Dune\' by Frank Herbert, then check whether Riverside Library has it to borrow."',
  'Good: "Hi! Could you check whether Riverside Library has \'Dune\' by Frank Herbert available to borrow?"',
  'Bad: "Use search_books to get the ISBN, then call check_availability." (names functions and dictates steps)',
  'Bad: "The ISBN is 978-0441013593, so just confirm Riverside has it." (gives a value the task does not state)',
];

/**
 * The user agent sees only the composite task (never sub-tasks or functions), so its request
 * reads like a person's, not like a plan.
 */
export function userAgentPrompt(task: TaskRecord, persona?: string): string {
  return [
    "You are role-playing a person who asks an AI assistant for help. Below is what you want done.",
    "Rules:",
    ...USER_RULES,
    "Example:",
    ...USER_EXAMPLE,
    // A persona may hold details back on purpose (a vague user), so it must win over the rules above.
    ...(persona ? ["- Play the persona below; where it differs from these rules on tone or on how much detail to give at first, follow the persona.", "<persona>", persona, "</persona>"] : []),
    ...heldBackGuidance(task),
    "<your_task>",
    task.task,
    "</your_task>",
  ].join("\n");
}
