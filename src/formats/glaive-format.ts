import { UserError } from "../errors.js";
import type { Message, ToolCall } from "../schema/trajectory.js";
import { sequentialCallId } from "./call-ids.js";
import { finishRecord, readToolList } from "./canonical-record.js";
import { jsonObjectsIn } from "./json-scan.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";

/**
 * Raw glaive-function-calling-v2: `{"system": "SYSTEM: … -\n{function JSON}…", "chat": "USER: …\n\n\nASSISTANT: …"}`.
 * Turns are separated by three newlines and start with `USER:`, `ASSISTANT:` or
 * `FUNCTION RESPONSE:`; a call is `<functioncall> {"name": …, "arguments": '{…}'}` (the arguments
 * quoted in single quotes, so not JSON); `<|endoftext|>` markers are removed. The function
 * preamble of the system text is replaced by the record's tools and kept in `meta.source_system`.
 */
const TURN = /(?:^|\n\n\n)(USER|ASSISTANT|FUNCTION RESPONSE): /g;

export const glaiveFormat: RecordFormat = {
  name: "glaive",
  description: "raw glaive-function-calling-v2 ({system, chat} transcripts)",

  detect(value) {
    return isObject(value) && typeof value.system === "string" && typeof value.chat === "string" && value.system.startsWith("SYSTEM:");
  },

  read(value, location = {}) {
    if (!isObject(value) || typeof value.system !== "string" || typeof value.chat !== "string") {
      throw new UserError("a raw glaive record needs 'system' and 'chat' strings", { ...location, field: "chat" });
    }
    const functions = jsonObjectsIn(value.system);
    const tools = readToolList(functions, "system", location);
    const messages: Message[] = [];
    if (functions.length === 0) messages.push({ role: "system", content: value.system.replace(/^SYSTEM:\s*/, "").trim() });
    let callCount = 0;
    let lastCall: ToolCall | undefined;
    for (const turn of splitTurns(value.chat)) {
      const text = turn.text.replace(/\s*<\|endoftext\|>\s*$/, "").trim();
      if (turn.speaker === "USER") messages.push({ role: "user", content: text });
      else if (turn.speaker === "FUNCTION RESPONSE") {
        messages.push({ role: "tool", tool_call_id: lastCall?.id ?? `unmatched${callCount}`, content: text });
      } else if (text.includes("<functioncall>")) {
        const [before, after] = [text.slice(0, text.indexOf("<functioncall>")).trim(), text.slice(text.indexOf("<functioncall>") + "<functioncall>".length)];
        lastCall = { id: sequentialCallId(callCount++), type: "function", function: readGlaiveCall(after.trim(), location) };
        messages.push({ role: "assistant", content: before, tool_calls: [lastCall] });
      } else messages.push({ role: "assistant", content: text });
    }
    return finishRecord({ id: value.id, messages, tools, meta: { source: "glaive", source_system: value.system } }, location);
  },
};

function splitTurns(chat: string): Array<{ speaker: string; text: string }> {
  const marks = [...chat.matchAll(TURN)];
  return marks.map((mark, index) => ({
    speaker: mark[1]!,
    text: chat.slice(mark.index! + mark[0].length, marks[index + 1]?.index ?? chat.length),
  }));
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
