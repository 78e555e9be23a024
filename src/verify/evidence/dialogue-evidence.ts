import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { leafValues, parseArguments, parseJsonOrText } from "../record-view.js";
import { anchorDates, ordinalDates, relativeDates, shiftedDates, writtenDates } from "./date-expressions.js";
import { contentWords, normalText, numbersIn, stem } from "./text-matching.js";

/** Where a value was seen: the user's words, a tool result, the system prompt, or an earlier call's arguments. */
export type SourceKind = "user" | "result" | "system" | "argument";

/**
 * What the assistant could see before one message: the text of each kind of source in normal
 * form, the numbers stated, the days named (written and relative ones resolved against dates
 * that are visible), and the content words. Built once per record and cut at any index.
 */
export interface VisibleEvidence {
  text: Record<SourceKind, string>;
  numbers: number[];
  /** Numbers stated by the user and returned by tools only (no system prompt, no arguments). */
  statedNumbers: number[];
  days: Set<string>;
  words: Set<string>;
  stems: Set<string>;
}

interface Piece {
  index: number;
  kind: SourceKind;
  text: string;
}

/** The sources of a record in message order; `<tool>…</tool>` lists in system prompts are left out (they describe, they do not state). */
export function dialoguePieces(record: TrajectoryRecord): Piece[] {
  const pieces: Piece[] = [];
  record.messages.forEach((message, index) => {
    if (message.role === "user") pieces.push({ index, kind: "user", text: message.content });
    else if (message.role === "system") pieces.push({ index, kind: "system", text: message.content.replace(/<tool>[\s\S]*?<\/tool>/g, " ") });
    else if (message.role === "tool") pieces.push({ index, kind: "result", text: resultText(message.content) });
    else if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const parsed = parseArguments(call.function.arguments);
        if ("value" in parsed) pieces.push({ index, kind: "argument", text: leafValues(parsed.value).map(String).join(" | ") });
      }
    }
  });
  return pieces;
}

/** A result's scalar values joined, so keys (field names) never count as stated values. */
function resultText(content: string): string {
  const parsed = parseJsonOrText(content);
  if (typeof parsed === "string") return parsed;
  return leafValues(parsed).map(String).join(" | ");
}

/** Evidence visible before message `index` (exclusive); pass `record.messages.length` for all of it. */
export function evidenceBefore(pieces: Piece[], index: number): VisibleEvidence {
  const visible = pieces.filter((piece) => piece.index < index);
  const text: Record<SourceKind, string> = { user: "", result: "", system: "", argument: "" };
  for (const piece of visible) text[piece.kind] += ` | ${normalText(piece.text)}`;
  const numbers = visible.flatMap((piece) => numbersIn(piece.text).map((number) => number.value));
  const statedNumbers = visible
    .filter((piece) => piece.kind === "user" || piece.kind === "result")
    .flatMap((piece) => numbersIn(piece.text).map((number) => number.value));
  const lower = visible.map((piece) => piece.text.toLowerCase());
  const days = new Set(lower.flatMap((piece) => writtenDates(piece)));
  const anchors = [...new Set(lower.flatMap((piece) => anchorDates(piece)))];
  const shown = [...days].filter((day) => day.length === 10);
  for (const piece of visible) {
    if (piece.kind !== "user" && piece.kind !== "system") continue;
    const said = piece.text.toLowerCase();
    for (const anchor of anchors) for (const day of relativeDates(said, anchor)) days.add(day);
    for (const day of ordinalDates(said, anchors)) days.add(day);
    if (piece.kind === "user") for (const day of shiftedDates(said, shown)) days.add(day);
  }
  const words = new Set(visible.flatMap((piece) => contentWords(piece.text)));
  return { text, numbers, statedNumbers, days, words, stems: new Set([...words].map(stem)) };
}

/** All visible text of the given kinds, in normal form. */
export function visibleText(evidence: VisibleEvidence, kinds: readonly SourceKind[]): string {
  return kinds.map((kind) => evidence.text[kind]).join(" | ");
}
