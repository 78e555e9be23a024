import { readNegativeFacts, type NegativeFacts } from "../../schema/negative-facts.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { lastMessage } from "../record-view.js";
import type { CheckContext } from "../trajectory-check.js";

/** Shared reading for the negative-variant behaviour checks. */

export interface VariantView {
  variant: string;
  facts?: NegativeFacts;
}

/** The record's negative variant and its facts: from the task when given, else from the record's `meta`. */
export function variantOf(record: TrajectoryRecord, context: CheckContext): VariantView | undefined {
  const variant = context.task?.variant ?? (typeof record.meta.variant === "string" ? record.meta.variant : undefined);
  if (!variant) return undefined;
  return { variant, facts: readNegativeFacts(context.task?.meta) ?? readNegativeFacts(record.meta) };
}

/** A record that holds a benchmark prompt and its reference, not a played-out dialogue (BFCL). */
export function isPromptOnly(record: TrajectoryRecord): boolean {
  return record.meta.prompt_only === true;
}

/** The final answer's text, when the record ends with one. */
export function finalAnswerText(record: TrajectoryRecord): string | undefined {
  const last = lastMessage(record);
  if (!last || last.role !== "assistant" || (last.tool_calls?.length ?? 0) > 0) return undefined;
  return last.content ?? "";
}

const INABILITY =
  /\b(can(?:'|’|no)t|cannot|could(?:n't|n’t| not)|unable|not able|no (?:tool|function|way)s?\b|don(?:'|’)t have|do not have|isn(?:'|’)t possible|not possible|not available|unavailable|beyond what i can)\b/i;

/** The text says, somewhere, that something cannot be done. */
export function statesInability(text: string): boolean {
  return INABILITY.test(text);
}

const COMPLETION =
  /\b(i(?:'ve|’ve| have)?\s+(?:now\s+|successfully\s+|also\s+)?(?:booked|found|sent|created|scheduled|ordered|bought|purchased|placed|reserved|logged|converted|translated|calculated|completed|done|set up|added|updated|cancell?ed|paid|transferred|got|retrieved|looked up|checked|compared|fetched|obtained|made)|(?:has|have) been (?:booked|sent|created|scheduled|placed|reserved|logged|completed|done|confirmed|ordered|paid)|successfully|here (?:is|are) (?:the|your)\b)/i;

/**
 * Sentences (or list lines) of `text` that claim a sub-task below was done: a completion phrase,
 * no inability, and at least two of the sub-task's content words. Returns the first such claim.
 */
export function claimAbout(text: string, subtaskTexts: readonly string[]): { sentence: string; subtask: string } | undefined {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((sentence) => sentence.trim()).filter(Boolean);
  for (const subtask of subtaskTexts) {
    const keys = contentWords(subtask);
    for (const sentence of sentences) {
      if (!COMPLETION.test(sentence) || statesInability(sentence)) continue;
      const said = contentWords(sentence);
      const shared = [...keys].filter((word) => said.has(word));
      if (shared.length >= Math.min(2, keys.size)) return { sentence, subtask };
    }
  }
  return undefined;
}

const STOP = new Set(["with", "from", "that", "this", "then", "their", "them", "they", "into", "about", "found", "result", "results", "please", "which", "what", "when", "where", "give", "tell", "each", "both", "option", "better", "two"]);

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 3 && !STOP.has(word))
      .map((word) => word.replace(/(ies|es|s)$/, "")),
  );
}

/** Same value, allowing a number written as text and case differences in text. */
export function sameValue(left: unknown, right: unknown): boolean {
  if (typeof left === "number" || typeof right === "number") return Number(left) === Number(right) && String(left).trim() !== "";
  return typeof left === "string" && typeof right === "string" && left.trim().toLowerCase() === right.trim().toLowerCase();
}

/** The text mentions the value (a number as a whole number token, text case-insensitively). */
export function mentionsValue(text: string, value: string | number): boolean {
  if (typeof value === "number") return new RegExp(`(?<![\\d.])${String(value).replace(".", "\\.")}(?![\\d]|\\.\\d)`).test(text);
  return text.toLowerCase().includes(value.toLowerCase());
}
