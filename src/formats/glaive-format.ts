import { UserError } from "../errors.js";
import type { Message, ToolCall } from "../schema/trajectory.js";
import { sequentialCallId } from "./call-ids.js";
import { finishRecord, readToolList } from "./canonical-record.js";
import { balancedJsonAt } from "./json-scan.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";
import { renderTurns, type Turn } from "./seeds/conversation-text.js";
import { isRecord, malformedSeed, readSeedFunction, seedId, type SeedReader } from "./seeds/seed.js";

/**
 * Raw glaive-function-calling-v2: `{"system": "SYSTEM: … -\n{function JSON}…", "chat": "USER: …\n\n\nASSISTANT: …"}`.
 * Turns are separated by blank lines (three newlines in the dataset) and start with `USER:`,
 * `ASSISTANT:` or `FUNCTION RESPONSE:`; a call is `<functioncall> {"name": …, "arguments": '{…}'}`
 * (the arguments quoted in single quotes, so not JSON); `<|endoftext|>` markers are removed.
 * A row is parsed once (`parseGlaive`); the record (`glaiveFormat`) and the seed
 * (`glaiveSeedReader`) are both built from that parse. In the record, the function preamble of
 * the system text is replaced by the record's tools and kept in `meta.source_system`.
 */
const TURN = /(?:^|\n{2,})(USER|ASSISTANT|FUNCTION RESPONSE):\s*/g;
const FUNCTION_CALL = "<functioncall>";

export interface GlaiveTurn {
  speaker: "USER" | "ASSISTANT" | "FUNCTION RESPONSE";
  /** The turn's text without markers; for a calling turn, the text before the call. */
  text: string;
  /** The call of an assistant turn, parsed, with its text as written. */
  call?: { name: string; arguments: string; written: string };
}

/** One raw glaive row, parsed: what both the record and the seed are made of. */
export interface GlaiveConversation {
  system: string;
  /** The function schemas written one after another after the `SYSTEM:` preamble. */
  functions: unknown[];
  turns: GlaiveTurn[];
}

export function parseGlaive(value: unknown, location: RecordLocation = {}): GlaiveConversation {
  if (!isObject(value)) throw new UserError("a raw glaive row must be a JSON object with 'system' and 'chat' strings", { ...location, field: "(record)" });
  if (typeof value.chat !== "string") throw new UserError("'chat' must be the transcript as a string", { ...location, field: "chat" });
  if (typeof value.system !== "string") throw new UserError("'system' must be a string", { ...location, field: "system" });
  return { system: value.system, functions: systemFunctions(value.system, location), turns: splitTurns(value.chat, location) };
}

export const glaiveFormat: RecordFormat = {
  name: "glaive",
  description: "raw glaive-function-calling-v2 ({system, chat} transcripts)",

  detect(value) {
    return isObject(value) && typeof value.system === "string" && typeof value.chat === "string" && value.system.startsWith("SYSTEM:");
  },

  read(value, location = {}) {
    const conversation = parseGlaive(value, location);
    const tools = readToolList(conversation.functions, "system", location);
    const messages: Message[] = [];
    if (conversation.functions.length === 0) messages.push({ role: "system", content: conversation.system.replace(/^SYSTEM:\s*/, "").trim() });
    let callCount = 0;
    let lastCall: ToolCall | undefined;
    for (const turn of conversation.turns) {
      if (turn.speaker === "USER") messages.push({ role: "user", content: turn.text });
      else if (turn.speaker === "FUNCTION RESPONSE") {
        messages.push({ role: "tool", tool_call_id: lastCall?.id ?? `unmatched${callCount}`, content: turn.text });
      } else if (turn.call) {
        lastCall = { id: sequentialCallId(callCount++), type: "function", function: { name: turn.call.name, arguments: turn.call.arguments } };
        messages.push({ role: "assistant", content: turn.text, tool_calls: [lastCall] });
      } else messages.push({ role: "assistant", content: turn.text });
    }
    return finishRecord({ id: (value as { id?: unknown }).id, messages, tools, meta: { source: "glaive", source_system: conversation.system } }, location);
  },
};

/** Seeds from raw glaive rows: the transcript as text and the functions of `system`. */
export const glaiveSeedReader: SeedReader = {
  format: "glaive",
  detect: (record) => isRecord(record) && typeof record.chat === "string" && typeof record.system === "string",
  toSeed(record, location) {
    const conversation = parseGlaive(record, location);
    const turns = conversation.turns.flatMap((turn): Turn[] => {
      if (turn.speaker === "USER") return [{ speaker: "User", text: turn.text }];
      if (turn.speaker === "FUNCTION RESPONSE") return [{ speaker: "Function result", text: turn.text }];
      return [
        ...(turn.text !== "" || !turn.call ? [{ speaker: "Assistant" as const, text: turn.text }] : []),
        ...(turn.call ? [{ speaker: "Function call" as const, text: turn.call.written }] : []),
      ];
    });
    if (!turns.some((turn) => turn.speaker === "User")) {
      throw malformedSeed("`chat` has no `USER:` turn; a seed needs at least one user message", location, "chat");
    }
    return {
      id: seedId(location),
      text: renderTurns(turns),
      functions: conversation.functions.map((value) => readSeedFunction(value, location, "system")),
      source: { file: location.file, line: location.line },
    };
  },
};

function splitTurns(chat: string, location: RecordLocation): GlaiveTurn[] {
  const marks = [...chat.matchAll(TURN)];
  return marks.map((mark, index) => {
    const speaker = mark[1] as GlaiveTurn["speaker"];
    const text = chat
      .slice(mark.index! + mark[0].length, marks[index + 1]?.index ?? chat.length)
      .replace(/<\|endoftext\|>/g, "")
      .trim();
    const at = speaker === "ASSISTANT" ? text.indexOf(FUNCTION_CALL) : -1;
    if (at < 0) return { speaker, text };
    const written = text.slice(at + FUNCTION_CALL.length).trim();
    return { speaker, text: text.slice(0, at).trim(), call: { ...readGlaiveCall(written, location), written } };
  });
}

/** The JSON objects after the `SYSTEM:` preamble; one that does not parse is an error at `system`. */
function systemFunctions(system: string, location: RecordLocation): unknown[] {
  const functions: unknown[] = [];
  let from = system.indexOf("{");
  while (from >= 0) {
    const text = balancedJsonAt(system, from);
    if (!text) break;
    try {
      functions.push(JSON.parse(text));
    } catch (error) {
      throw new UserError(`a function schema in 'system' is not valid JSON (${(error as Error).message})`, { ...location, field: "system" });
    }
    from = system.indexOf("{", from + text.length);
  }
  return functions;
}

/** `{"name": "f", "arguments": '{"x": 1}'}`: JSON, or JSON with the arguments in single quotes. */
function readGlaiveCall(text: string, location: RecordLocation): { name: string; arguments: string } {
  try {
    const parsed = JSON.parse(text) as { name?: unknown; arguments?: unknown };
    if (typeof parsed.name === "string") {
      return { name: parsed.name, arguments: typeof parsed.arguments === "string" ? parsed.arguments : JSON.stringify(parsed.arguments ?? {}) };
    }
  } catch {
    // glaive's usual form; handled below
  }
  const match = /"name":\s*"([^"]+)"\s*,\s*"arguments":\s*'([\s\S]*)'\s*}\s*$/.exec(text);
  if (!match) throw new UserError(`a <functioncall> must hold {"name": …, "arguments": …}; got ${text.slice(0, 80)}`, { ...location, field: "chat" });
  return { name: match[1]!, arguments: match[2]! };
}
