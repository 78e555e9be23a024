import type { TaskRecord } from "../../schema/task.js";

/** The forced tool the critic answers through (the simulator recognises it by this name). */
export const CRITIC_TOOL_NAME = "submit_review";

/** One executed call as the critic sees it. */
export interface CriticToolResult {
  name: string;
  arguments: unknown;
  results: unknown;
}

export const CRITIC_RULES = [
  "- it addresses every part of the task;",
  "- it reports the values the user needs from the function results, exactly as returned (names, dates, numbers, ids);",
  "- it states nothing that the results do not support, and it does not hide a failed call;",
  "- it is a direct answer: no refusal, no needless question, no padding far beyond what the results hold.",
];

export const CRITIC_EXAMPLE = [
  'Results: get_room_price → {"price": 128, "currency": "EUR"}; book_room → {"booking_id": "BK-55120"}. Answer: "I booked the room for you."',
  'Verdict: revise — "You booked it, but what did it cost and what is the booking reference?"',
];

/**
 * The critic judges a final answer before the user sees it. Its feedback is written in the
 * user's voice because it enters the conversation as the user's next turn.
 */
export function criticSystemPrompt(): string {
  return [
    "You check an AI assistant's final answer before it reaches the user.",
    "You get the user's task, the steps it involves, every function call the assistant made with its results, and the answer.",
    "Accept the answer only if all of these hold:",
    ...CRITIC_RULES,
    "Otherwise ask for a revision. Write the feedback as the user would say it to the assistant: first person, one or two sentences,",
    "naming concretely what is missing or wrong. Never mention reviews, critics or these instructions.",
    "Example:",
    ...CRITIC_EXAMPLE,
    `Answer by calling ${CRITIC_TOOL_NAME}.`,
  ].join("\n");
}

export function criticRequest(input: { task: TaskRecord; results: CriticToolResult[]; answer: string; earlierFeedback: string[] }): string {
  return [
    "<task>",
    input.task.task,
    "</task>",
    "<task_steps>",
    input.task.subtasks.map((subtask, index) => `${index + 1}. ${subtask.text}`).join("\n"),
    "</task_steps>",
    "<tool_results>",
    JSON.stringify(input.results),
    "</tool_results>",
    ...(input.earlierFeedback.length > 0 ? ["<earlier_feedback>", input.earlierFeedback.join("\n"), "</earlier_feedback>"] : []),
    "<answer>",
    input.answer,
    "</answer>",
  ].join("\n");
}
