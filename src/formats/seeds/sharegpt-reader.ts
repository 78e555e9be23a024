import { UserError } from "../../errors.js";
import type { FunctionSpec } from "../../schema/function-spec.js";
import { renderTurns, type Turn } from "./conversation-text.js";
import { isRecord, readSeedFunction, seedId, type RecordLocation, type SeedReader } from "./seed.js";

/**
 * LLaMA-Factory ShareGPT with tools: `conversations` is a list of `{from, value}` turns
 * (`human`, `gpt`, `function_call`, `observation`, `system`) and `tools` a JSON string (or
 * list) of function schemas. `{role, content}` turns are accepted as well.
 */
export const sharegptReader: SeedReader = {
  format: "sharegpt",
  detect: (record) => isRecord(record) && Array.isArray(record.conversations),
  toSeed(record, location) {
    if (!isRecord(record) || !Array.isArray(record.conversations)) {
      throw malformed("a ShareGPT record needs a `conversations` list of {from, value} turns", location, "conversations");
    }
    const turns = record.conversations.map((entry, index) => readTurn(entry, index, location));
    if (typeof record.system === "string") turns.unshift({ speaker: "System", text: record.system });
    if (!turns.some((turn) => turn.speaker === "User")) {
      throw malformed("no `human` turn; a seed needs at least one user message", location, "conversations");
    }
    return {
      id: seedId(location),
      text: renderTurns(turns.filter((turn) => turn.speaker !== "System")),
      functions: readTools(record.tools, location),
      source: { file: location.file, line: location.line },
    };
  },
};

const SPEAKER_BY_ROLE: Record<string, Turn["speaker"]> = {
  human: "User",
  user: "User",
  gpt: "Assistant",
  assistant: "Assistant",
  function_call: "Function call",
  observation: "Function result",
  function: "Function result",
  tool: "Function result",
  system: "System",
};

function readTurn(entry: unknown, index: number, location: RecordLocation): Turn {
  if (!isRecord(entry)) throw malformed("each turn must be an object", location, `conversations.${index}`);
  const role = entry.from ?? entry.role;
  const text = entry.value ?? entry.content;
  const speaker = typeof role === "string" ? SPEAKER_BY_ROLE[role] : undefined;
  if (!speaker) {
    throw malformed(
      `unknown speaker ${JSON.stringify(role)}; use one of ${Object.keys(SPEAKER_BY_ROLE).join(", ")}`,
      location,
      `conversations.${index}.from`,
    );
  }
  if (typeof text !== "string") throw malformed("the turn's text must be a string", location, `conversations.${index}.value`);
  return { speaker, text };
}

function readTools(tools: unknown, location: RecordLocation): FunctionSpec[] | undefined {
  if (tools === undefined || tools === null || tools === "") return undefined;
  let list = tools;
  if (typeof tools === "string") {
    try {
      list = JSON.parse(tools);
    } catch (error) {
      throw malformed(`\`tools\` is not valid JSON (${(error as Error).message})`, location, "tools");
    }
  }
  if (!Array.isArray(list)) throw malformed("`tools` must be a list of function schemas", location, "tools");
  return list.map((spec, index) => readSeedFunction(spec, location, `tools.${index}`));
}

function malformed(message: string, location: RecordLocation, field: string): UserError {
  return new UserError(message, { file: location.file, line: location.line, field });
}
