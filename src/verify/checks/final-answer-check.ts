import type { TrajectoryCheck } from "../trajectory-check.js";
import { lastMessage } from "../record-view.js";

/** Hand-off functions that end a conversation by design; τ-bench's episode ends on this one. */
export const DEFAULT_TERMINAL_FUNCTIONS: readonly string[] = ["transfer_to_human_agents"];

/**
 * The conversation ends with an assistant answer in text, with no calls. One exception: a
 * conversation may end with the result of a declared terminal function (e.g. τ-bench's
 * `transfer_to_human_agents`, which hands the user over): DEFAULT_TERMINAL_FUNCTIONS, or
 * `context.terminalFunctions` when given, plus the record's `meta.terminal_functions`.
 */
export const finalAnswerCheck: TrajectoryCheck = {
  name: "final-answer",
  description: "ends with an assistant text answer (or the result of a declared terminal function)",
  defaultSeverity: "reject",
  run(record, context) {
    // A benchmark prompt (BFCL) holds no answer to check; its reference is in meta.
    if (record.meta.prompt_only === true) return undefined;
    const last = lastMessage(record);
    if (!last) return { detail: "no final answer: the record has no messages" };
    if (last.role === "assistant" && (last.tool_calls?.length ?? 0) === 0) {
      return (last.content ?? "").trim() === "" ? { detail: "no final answer: the last assistant message is empty" } : [];
    }
    const terminal = new Set([...(context.terminalFunctions ?? DEFAULT_TERMINAL_FUNCTIONS), ...metaList(record.meta.terminal_functions)]);
    if (last.role === "tool" && terminal.size > 0) {
      const lastTurn = [...record.messages].reverse().find((message) => message.role === "assistant");
      const calls = lastTurn?.role === "assistant" ? (lastTurn.tool_calls ?? []) : [];
      if (calls.some((call) => terminal.has(call.function.name))) return [];
    }
    if (last.role === "assistant") return { detail: "no final answer: the conversation ends with a tool call" };
    return { detail: `no final answer: the conversation ends with a ${last.role} message` };
  },
};

function metaList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}
