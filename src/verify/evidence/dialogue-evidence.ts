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

/** One source, with everything the checks read from it worked out once. */
interface Piece {
  index: number;
  kind: SourceKind;
  text: string;
  normal: string;
  lower: string;
  numbers: number[];
  written: string[];
  anchors: string[];
  words: string[];
  /** Relative days by anchor, worked out on first use. */
  relative: Map<string, string[]>;
}

/** The sources of a record in message order; `<tool>…</tool>` lists in system prompts are left out (they describe, they do not state). */
function dialoguePieces(record: TrajectoryRecord): Piece[] {
  const raw: Array<{ index: number; kind: SourceKind; text: string }> = [];
  record.messages.forEach((message, index) => {
    if (message.role === "user") raw.push({ index, kind: "user", text: message.content });
    else if (message.role === "system") raw.push({ index, kind: "system", text: message.content.replace(/<tool>[\s\S]*?<\/tool>/g, " ") });
    else if (message.role === "tool") raw.push({ index, kind: "result", text: resultText(message.content) });
    else if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const parsed = parseArguments(call.function.arguments);
        if ("value" in parsed) raw.push({ index, kind: "argument", text: leafValues(parsed.value).map(String).join(" | ") });
      }
    }
  });
  return raw.map((piece) => {
    const lower = piece.text.toLowerCase();
    return {
      ...piece,
      normal: normalText(piece.text),
      lower,
      numbers: numbersIn(piece.text).map((number) => number.value),
      written: writtenDates(lower),
      anchors: anchorDates(lower),
      words: contentWords(piece.text),
      relative: new Map<string, string[]>(),
    };
  });
}

/** A result's scalar values joined, so keys (field names) never count as stated values. */
function resultText(content: string): string {
  const parsed = parseJsonOrText(content);
  if (typeof parsed === "string") return parsed;
  return leafValues(parsed).map(String).join(" | ");
}

/** Evidence per record and cut-off index, shared by every check that reads it. */
const cache = new WeakMap<TrajectoryRecord, { pieces: Piece[]; cuts: Map<number, VisibleEvidence> }>();

/** Evidence visible before message `index` (exclusive); pass `record.messages.length` for all of it. */
export function evidenceBefore(record: TrajectoryRecord, index: number): VisibleEvidence {
  let entry = cache.get(record);
  if (!entry) cache.set(record, (entry = { pieces: dialoguePieces(record), cuts: new Map() }));
  const known = entry.cuts.get(index);
  if (known) return known;
  const evidence = collect(entry.pieces.filter((piece) => piece.index < index));
  entry.cuts.set(index, evidence);
  return evidence;
}

function collect(visible: Piece[]): VisibleEvidence {
  const texts: Record<SourceKind, string[]> = { user: [], result: [], system: [], argument: [] };
  for (const piece of visible) texts[piece.kind].push(piece.normal);
  const text = Object.fromEntries(Object.entries(texts).map(([kind, parts]) => [kind, ` | ${parts.join(" | ")}`])) as Record<SourceKind, string>;
  const numbers = visible.flatMap((piece) => piece.numbers);
  const statedNumbers = visible.filter((piece) => piece.kind === "user" || piece.kind === "result").flatMap((piece) => piece.numbers);
  const days = new Set(visible.flatMap((piece) => piece.written));
  const anchors = [...new Set(visible.flatMap((piece) => piece.anchors))];
  const shown = [...days].filter((day) => day.length === 10);
  for (const piece of visible) {
    if (piece.kind !== "user" && piece.kind !== "system") continue;
    for (const anchor of anchors) {
      let relative = piece.relative.get(anchor);
      if (!relative) piece.relative.set(anchor, (relative = [...relativeDates(piece.lower, anchor), ...ordinalDates(piece.lower, [anchor])]));
      for (const day of relative) days.add(day);
    }
    if (piece.kind === "user") for (const day of shiftedDates(piece.lower, shown)) days.add(day);
  }
  const words = new Set(visible.flatMap((piece) => piece.words));
  return { text, numbers, statedNumbers, days, words, stems: new Set([...words].map(stem)) };
}

/** All visible text of the given kinds, in normal form. */
export function visibleText(evidence: VisibleEvidence, kinds: readonly SourceKind[]): string {
  return kinds.map((kind) => evidence.text[kind]).join(" | ");
}
