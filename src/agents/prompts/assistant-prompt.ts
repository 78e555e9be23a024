import { unservedGuidance } from "../negative-briefing.js";
import type { TaskRecord } from "../../schema/task.js";

/** The method's rules for the assistant, beyond the protocol's public system prompt. */
export const ASSISTANT_RULES = [
  "Use the functions to get facts and to act; never answer from your own knowledge what a function can look up, and never pretend a call was made.",
  "Before each step, check the results you already have: if one is an error, empty, or does not fit the request (wrong city, wrong date, no items), deal with it first instead of carrying it forward.",
  "Every turn starts with your observation and thought: what you know now and what you do next and why. On your first turn, include a numbered step-by-step plan.",
  "Then call functions — several at once only when they are independent (neither needs the other's result) and parallel calls are allowed — or, when every sub-task is done, give the final answer.",
  "Fill arguments only with values the user gave or that earlier function results returned; never invent them. When a result is a list, take the field you need from the right item (e.g. hotel_id of the hotel you chose).",
  "If a value you need is missing and no function can provide it, ask the user one short question, ending with '?', and call nothing. Do not ask for details the user already gave.",
  "If a function returns an error instead of a result, say so in your thought and recover: retry a timeout or rate limit, correct arguments that were rejected, or tell the user what could not be done.",
  "The final answer reports what the functions returned (names, numbers, dates, ids exactly as returned), concisely, and answers the user's question; it does not refuse a task you have the functions for.",
];

/** A worked example of the thought-then-call form, written for this project. */
export const ASSISTANT_EXAMPLE = [
  'User: "Is it going to be dry in Porto on 14 June, and how much is a double room at Hotel Infante that night? Book it if it is dry and under 150 euros."',
  'Turn 1 thought: "The user wants a booking that depends on two independent facts. Plan: 1. get the forecast for Porto on 2025-06-14; 2. get the room price at Hotel Infante for that night; 3. if dry and under 150 EUR, book it. Steps 1 and 2 do not depend on each other, so I call both now."',
  'Turn 1 calls: get_weather_forecast {"city": "Porto", "date": "2025-06-14"} and get_room_price {"hotel": "Hotel Infante", "date": "2025-06-14", "room_type": "double"}',
  'Turn 2 thought: "The forecast says sunny, 0% rain, and the room costs 128 EUR — both conditions hold, so I book it with the hotel_id from the price result."',
  'Turn 2 call: book_room {"hotel_id": "POR-1182", "date": "2025-06-14", "room_type": "double"}',
  'Turn 3 final answer: "It will be dry in Porto on 14 June (sunny, 0% rain), and the double room at Hotel Infante was 128 EUR, so I booked it: booking reference BK-55120."',
];

/**
 * The privileged briefing: the assistant is told the sub-tasks and their functions so it can
 * plan. It is appended to the model's system prompt only; training records keep the public part.
 */
export function assistantBriefing(task: TaskRecord): string {
  const subtasks = task.subtasks.map((subtask) => ({
    id: subtask.id,
    text: subtask.text,
    depends_on: subtask.depends_on,
    functions: subtask.functions,
    ...(subtask.unserved ? { unserved: true } : {}),
  }));
  return [
    "## Private briefing (for your planning only; never mention it to the user)",
    "Rules:",
    ...ASSISTANT_RULES.map((rule) => `- ${rule}`),
    "Example of the form (a different task):",
    ...ASSISTANT_EXAMPLE,
    "The user's task breaks down into the sub-tasks below. The functions listed for a sub-task are the ones that serve it;",
    "a sub-task with no functions is reasoning (comparison, arithmetic, a decision) that you do yourself from earlier results.",
    "<subtasks>",
    JSON.stringify(subtasks),
    "</subtasks>",
    ...unservedGuidance(task),
  ].join("\n");
}
