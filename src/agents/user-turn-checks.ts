import { ModelBehaviorError } from "../errors.js";
import { readNegativeFacts } from "../schema/negative-facts.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";

/** Words that name the machinery instead of the need. */
const MACHINERY = /\b(?:call|use|run|invoke|query)\s+(?:the\s+)?[\w-]+\s+(?:function|tool|api|endpoint)s?\b|\b(?:function|tool|api|endpoint)\s+(?:called|named)\b/i;
const IDENTIFIER = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/** A user who reports the outcome instead of asking for it. */
const SOLVED = /\b(?:the (?:answer|result|outcome) (?:is|will be)|i (?:already|have already) (?:found|worked|looked|checked|calculated|know)|just confirm (?:it|that))\b/i;

/**
 * A user turn must read like a person asking: it names no function or tool (the assistant
 * must learn to choose them) and does not hand over the solution (values the task does not
 * state, or the result itself). Each fault throws a ModelBehaviorError named after it, so the
 * user agent is asked again and the task is rejected if the fault persists.
 */
export function checkUserTurn(text: string, task: TaskRecord, messages: Message[]): void {
  // A missing-info variant's held-back value is the user's own fact: giving it when asked is not solving the task.
  const heldBack = readNegativeFacts(task.meta)?.withheld_value;
  const known = [task.task, ...(heldBack ? [String(heldBack.value)] : []), ...messages.filter((message) => message.role === "assistant").map((message) => message.content ?? "")].join("\n");
  const identifiers = (text.match(IDENTIFIER) ?? []).filter((word) => !known.includes(word));
  // A function named like a plain word ("translate") is only named when written as code: `translate` or translate(…).
  const functionNames = task.functions
    .map((spec) => spec.name)
    .filter((name) => (/[_\d]|[a-z][A-Z]/.test(name) ? text.includes(name) : new RegExp(`\`${name}\`|\\b${name}\\s*\\(`).test(text)));
  if (MACHINERY.test(text) || identifiers.length > 0 || functionNames.length > 0) {
    const named = [...new Set([...functionNames, ...identifiers])];
    throw new ModelBehaviorError(
      "user-names-function",
      `Your message names ${named.length > 0 ? named.map((name) => `'${name}'`).join(", ") : "a function or tool"}. A user says what they want, not which function to use; write the message again without it.`,
    );
  }
  const knownNumbers = new Set((known.match(/\d+(?:\.\d+)?/g) ?? []).map(Number));
  const newNumbers = (text.replace(/(\d),(\d{3})/g, "$1$2").match(/\d+(?:\.\d+)?/g) ?? []).filter((value) => !knownNumbers.has(Number(value)));
  if (SOLVED.test(text) || newNumbers.length > 0) {
    throw new ModelBehaviorError(
      "user-solves-task",
      `Your message ${newNumbers.length > 0 ? `states values the task does not give (${newNumbers.slice(0, 3).join(", ")})` : "gives the answer itself"}. Ask for what you want using only the task's facts; the assistant finds the rest.`,
    );
  }
}
