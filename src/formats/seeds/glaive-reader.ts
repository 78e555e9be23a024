import { UserError } from "../../errors.js";
import type { FunctionSpec } from "../../schema/function-spec.js";
import { renderTurns, type Turn } from "./conversation-text.js";
import { isRecord, readSeedFunction, seedId, type RecordLocation, type Seed, type SeedReader } from "./seed.js";

/**
 * glaive-function-calling-v2 raw rows: `system` holds a preamble and pretty-printed JSON
 * function schemas one after another; `chat` is one transcript whose turns are separated by
 * blank lines and start with `USER:`, `ASSISTANT:` or `FUNCTION RESPONSE:`.
 */
export const glaiveReader: SeedReader = {
  format: "glaive",
  detect: (record) => isRecord(record) && typeof record.chat === "string" && typeof record.system === "string",
  toSeed(record, location) {
    if (!isRecord(record)) throw malformed("a glaive row must be a JSON object with `system` and `chat`", location, "(record)");
    if (typeof record.chat !== "string") throw malformed("`chat` must be the transcript as a string", location, "chat");
    if (typeof record.system !== "string") throw malformed("`system` must be a string", location, "system");
    const turns = parseGlaiveChat(record.chat);
    if (!turns.some((turn) => turn.speaker === "User")) {
      throw malformed("`chat` has no `USER:` turn; a seed needs at least one user message", location, "chat");
    }
    return {
      id: seedId(location),
      text: renderTurns(turns),
      functions: parseGlaiveFunctions(record.system, location),
      source: { file: location.file, line: location.line },
    } satisfies Seed;
  },
};

const SPEAKERS: Array<[RegExp, Turn["speaker"]]> = [
  [/^USER:\s*/, "User"],
  [/^ASSISTANT:\s*<functioncall>\s*/, "Function call"],
  [/^ASSISTANT:\s*/, "Assistant"],
  [/^FUNCTION RESPONSE:\s*/, "Function result"],
];

export function parseGlaiveChat(chat: string): Turn[] {
  const turns: Turn[] = [];
  for (const block of chat.split(/\n{2,}/)) {
    const text = block.replace(/<\|endoftext\|>/g, "").trim();
    if (text === "") continue;
    const speaker = SPEAKERS.find(([pattern]) => pattern.test(text));
    if (speaker) turns.push({ speaker: speaker[1], text: text.replace(speaker[0], "") });
    else if (turns.length > 0) turns[turns.length - 1]!.text += `\n${text}`;
  }
  return turns;
}

/** The JSON objects written one after another after the `SYSTEM:` preamble. */
export function parseGlaiveFunctions(system: string, location: RecordLocation): FunctionSpec[] {
  const functions: FunctionSpec[] = [];
  for (const objectText of topLevelObjects(system)) {
    let value: unknown;
    try {
      value = JSON.parse(objectText);
    } catch (error) {
      throw malformed(`a function schema in \`system\` is not valid JSON (${(error as Error).message})`, location, "system");
    }
    functions.push(readSeedFunction(value, location, "system"));
  }
  return functions;
}

/** Balanced `{…}` spans at nesting depth zero, skipping braces inside strings. */
function topLevelObjects(text: string): string[] {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"' && depth > 0) inString = true;
    else if (char === "{") {
      if (depth === 0) start = index;
      depth++;
    } else if (char === "}" && depth > 0) {
      depth--;
      if (depth === 0) objects.push(text.slice(start, index + 1));
    }
  }
  return objects;
}

function malformed(message: string, location: RecordLocation, field: string): UserError {
  return new UserError(message, { file: location.file, line: location.line, field });
}
