import { UserError } from "../errors.js";
import type { Message, ToolCall, TrajectoryRecord } from "../schema/trajectory.js";
import { sequentialCallId, withPortableCallIds } from "./call-ids.js";
import { resultsInCallOrder } from "./call-order.js";
import { argumentsText, finishRecord, parseOrText, readToolList, resultText } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";
import { ownSystemText } from "./own-system-text.js";
import { trainingTools } from "./training-tools.js";
import { renderTurns, type Turn } from "./seeds/conversation-text.js";
import { isRecord, malformedSeed, readSeedFunction, seedId, type SeedLocation, type SeedReader } from "./seeds/seed.js";

/**
 * ShareGPT as LLaMA-Factory reads it: `{"conversations": [{from, value}], "system": "…", "tools": "<JSON string>"}`
 * with `from` one of human, gpt, function_call, observation. LLaMA-Factory drops a conversation
 * unless human/observation sit at even positions and gpt/function_call at odd ones, with an even
 * count, so the writer keeps that shape:
 * - a calling turn is one function_call whose value is `{"name","arguments"}`, or a JSON list of
 *   them for parallel calls; the thought written beside the calls has no slot and is dropped;
 * - its results are one observation; several results are joined with
 *   `\n</tool_response>\n<tool_response>\n`, the separator LLaMA-Factory itself uses.
 * The reader also accepts consecutive function_call or observation turns, observations that
 * are JSON lists with one entry per call, and `{role, content}` turns with OpenAI's role names.
 * A record is parsed once (`parseShareGPT`); the canonical record (`shareGPTFormat`) and the
 * seed (`shareGPTSeedReader`) are both built from that parse.
 */
export const OBSERVATION_SEPARATOR = "\n</tool_response>\n<tool_response>\n";

const ROLES = ["human", "gpt", "function_call", "observation", "system"];

export const shareGPTFormat: RecordFormat = {
  name: "sharegpt",
  description: "ShareGPT as LLaMA-Factory reads it: conversations (human/gpt/function_call/observation), tools, system",

  detect(value) {
    if (!isObject(value) || !Array.isArray(value.conversations)) return false;
    return value.conversations.every((turn) => isObject(turn) && ROLES.includes(String(turn.from)));
  },

  read(value, location = {}) {
    return readShareGPT(parseShareGPT(value, location), location);
  },

  write(record) {
    return writeShareGPT(record);
  },
};

export function writeShareGPT(record: TrajectoryRecord): Record<string, unknown> {
  const conversations: Array<{ from: string; value: string }> = [];
  // Unique ids first: results are ordered by their calls' ids, and some sources reuse ids across turns.
  const messages = withPortableCallIds(record.messages);
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === "user") conversations.push({ from: "human", value: message.content });
    if (message.role === "assistant") {
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) conversations.push({ from: "gpt", value: message.content ?? "" });
      else {
        const entries = calls.map((call) => ({ name: call.function.name, arguments: parseOrText(call.function.arguments) }));
        conversations.push({ from: "function_call", value: JSON.stringify(entries.length === 1 ? entries[0] : entries) });
      }
    }
    if (message.role === "tool") {
      const group: Message[] = [];
      while (index < messages.length && messages[index]!.role === "tool") group.push(messages[index++]!);
      index--;
      conversations.push({ from: "observation", value: resultsInCallOrder(group, messages).map((result) => result.content).join(OBSERVATION_SEPARATOR) });
    }
  }
  const problem = alternationProblem(conversations);
  if (problem) {
    throw new UserError(`record '${record.id}' cannot be written as LLaMA-Factory ShareGPT: ${problem}`);
  }
  const system = ownSystemText(messages);
  const tools = trainingTools(record.tools).map((tool) => tool.function);
  return { conversations, ...(system !== undefined ? { system } : {}), tools: JSON.stringify(tools) };
}

/** LLaMA-Factory's rule: human/observation at even positions, gpt/function_call at odd ones, an even count. */
export function alternationProblem(conversations: ReadonlyArray<{ from: string }>): string | undefined {
  for (let index = 0; index < conversations.length; index++) {
    const expected = index % 2 === 0 ? ["human", "observation"] : ["gpt", "function_call"];
    if (!expected.includes(conversations[index]!.from)) {
      return `turn ${index} is '${conversations[index]!.from}' where LLaMA-Factory expects ${expected.join(" or ")}`;
    }
  }
  if (conversations.length % 2 !== 0) return "the conversation must end with a gpt or function_call turn";
  return undefined;
}

/** One turn as written, its speaker in LLaMA-Factory's names. */
export interface ShareGPTTurn {
  from: "system" | "human" | "gpt" | "function_call" | "observation";
  value: string;
}

/** One ShareGPT record, parsed: what both the canonical record and the seed are made of. */
export interface ShareGPTConversation {
  system?: string;
  /** In the order written; turn `i` is `conversations.i`. */
  turns: ShareGPTTurn[];
  /** The tool list, parsed from its JSON string where it is one. */
  tools: unknown;
  id: unknown;
  taskId: unknown;
  meta?: Record<string, unknown>;
}

const SPEAKERS: Record<string, ShareGPTTurn["from"]> = {
  human: "human",
  user: "human",
  gpt: "gpt",
  assistant: "gpt",
  function_call: "function_call",
  observation: "observation",
  function: "observation",
  tool: "observation",
  system: "system",
};

export function parseShareGPT(value: unknown, location: RecordLocation = {}): ShareGPTConversation {
  if (!isObject(value) || !Array.isArray(value.conversations)) {
    throw new UserError("a ShareGPT record needs a 'conversations' list of {from, value}", { ...location, field: "conversations" });
  }
  const turns = value.conversations.map((turn, index): ShareGPTTurn => {
    const field = `conversations.${index}`;
    if (!isObject(turn)) throw new UserError("each turn must be {\"from\": …, \"value\": \"text\"}", { ...location, field });
    const speaker = turn.from ?? turn.role;
    const from = typeof speaker === "string" ? SPEAKERS[speaker] : undefined;
    if (!from) {
      throw new UserError(`unknown speaker ${JSON.stringify(speaker)}; use human, gpt, function_call or observation`, { ...location, field: `${field}.from` });
    }
    const text = turn.value ?? turn.content;
    if (typeof text !== "string") throw new UserError("the turn's 'value' must be text", { ...location, field: `${field}.value` });
    return { from, value: text };
  });
  let tools: unknown = value.tools;
  if (typeof tools === "string" && tools !== "") {
    try {
      tools = JSON.parse(tools);
    } catch (error) {
      throw new UserError(`'tools' is not valid JSON (${(error as Error).message}); write it as a JSON list of function definitions`, { ...location, field: "tools" });
    }
  }
  return {
    ...(typeof value.system === "string" && value.system !== "" ? { system: value.system } : {}),
    turns,
    tools: tools === "" || tools === null ? undefined : tools,
    id: value.id,
    taskId: value.task_id,
    meta: isObject(value.meta) ? value.meta : undefined,
  };
}

const SEED_SPEAKERS: Record<ShareGPTTurn["from"], Turn["speaker"]> = {
  human: "User",
  gpt: "Assistant",
  function_call: "Function call",
  observation: "Function result",
  system: "System",
};

/** Seeds from ShareGPT: the conversation as text (system text left out) and the tools. */
export const shareGPTSeedReader: SeedReader = {
  format: "sharegpt",
  detect: (record) => isRecord(record) && Array.isArray(record.conversations),
  toSeed(record, location) {
    const conversation = parseShareGPT(record, location);
    const turns = conversation.turns.map((turn): Turn => ({ speaker: SEED_SPEAKERS[turn.from], text: turn.value }));
    if (!turns.some((turn) => turn.speaker === "User")) {
      throw malformedSeed("no `human` turn; a seed needs at least one user message", location, "conversations");
    }
    return {
      id: seedId(location),
      text: renderTurns(turns.filter((turn) => turn.speaker !== "System")),
      functions: seedFunctions(conversation.tools, location),
      source: { file: location.file, line: location.line },
    };
  },
};

function seedFunctions(tools: unknown, location: SeedLocation) {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) throw malformedSeed("`tools` must be a list of function schemas", location, "tools");
  return tools.map((spec, index) => readSeedFunction(spec, location, `tools.${index}`));
}

function readShareGPT(conversation: ShareGPTConversation, location: RecordLocation): TrajectoryRecord {
  const messages: Message[] = [];
  if (conversation.system !== undefined) messages.push({ role: "system", content: conversation.system });
  let callCount = 0;
  // Observations answer the calls of the latest function_call turn, by position.
  let lastCalls: ToolCall[] = [];
  conversation.turns.forEach((turn, index) => {
    const field = `conversations.${index}`;
    const text = turn.value;
    switch (turn.from) {
      case "system":
        messages.push({ role: "system", content: text });
        return;
      case "human":
        messages.push({ role: "user", content: text });
        return;
      case "gpt":
        messages.push({ role: "assistant", content: text });
        return;
      case "function_call": {
        const calls = readCalls(text, `${field}.value`, location).map(
          (call): ToolCall => ({ id: sequentialCallId(callCount++), type: "function", function: call }),
        );
        const previous = messages[messages.length - 1];
        // Consecutive function_call turns (a common hand-written form) are one parallel turn.
        if (previous?.role === "assistant" && previous.tool_calls) previous.tool_calls.push(...calls);
        else {
          lastCalls = [];
          messages.push({ role: "assistant", content: "", tool_calls: calls });
        }
        lastCalls.push(...calls);
        return;
      }
      case "observation": {
        const open = lastCalls.filter((call) => !answered(messages, call.id));
        const results = splitResults(text, open.length);
        results.forEach((result, position) => {
          const call = open[position];
          messages.push({
            role: "tool",
            tool_call_id: call?.id ?? `unmatched${index}x${position}`,
            ...(result.name ? { name: result.name } : {}),
            content: result.content,
          });
        });
        return;
      }
    }
  });
  return finishRecord(
    { id: conversation.id, task_id: conversation.taskId, messages, tools: readToolList(conversation.tools, "tools", location), meta: conversation.meta },
    location,
  );
}

function answered(messages: Message[], id: string): boolean {
  return messages.some((message) => message.role === "tool" && message.tool_call_id === id);
}

/** A function_call value: `{"name","arguments"}` or a list of them; arguments as an object or JSON text. */
export function readCalls(text: string, field: string, location: RecordLocation): Array<{ name: string; arguments: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError("a function_call value must be JSON: {\"name\": …, \"arguments\": {…}} or a list of those", { ...location, field });
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw new UserError("a function_call value holds an empty list; it needs at least one call", { ...location, field });
  return list.map((entry, position) => {
    if (!isObject(entry) || typeof entry.name !== "string" || entry.name === "") {
      throw new UserError("each call needs a 'name' string and 'arguments'", { ...location, field: `${field}[${position}]` });
    }
    return { name: entry.name, arguments: argumentsText(entry.arguments) };
  });
}

/**
 * One observation's results for `expected` calls: split on LLaMA-Factory's separator, or read a
 * JSON list of one result per call (entries `{name, results}` are unwrapped), or take it whole.
 */
function splitResults(text: string, expected: number): Array<{ name?: string; content: string }> {
  if (expected > 1 && text.includes(OBSERVATION_SEPARATOR)) {
    return text.split(OBSERVATION_SEPARATOR).map((content) => ({ content }));
  }
  const parsed = parseOrText(text);
  if (Array.isArray(parsed) && parsed.length > 0 && (expected > 1 || parsed.every(isNamedResult))) {
    if (parsed.every(isNamedResult)) {
      return parsed.map((entry) => ({ name: String(entry.name), content: resultText(entry.results) }));
    }
    if (parsed.length === expected) return parsed.map((entry) => ({ content: resultText(entry) }));
  }
  return [{ content: text }];
}

function isNamedResult(entry: unknown): entry is { name: unknown; results: unknown } {
  return isObject(entry) && typeof entry.name === "string" && "results" in entry;
}
