import { UserError } from "../errors.js";
import type { AssistantMessage, Message, ToolCall, TrajectoryRecord } from "../schema/trajectory.js";
import { withPortableCallIds } from "./call-ids.js";
import { argumentsText, finishRecord, readToolList, textContent } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";
import { ownSystemText } from "./own-system-text.js";
import { trainingTools } from "./training-tools.js";
import { renderTurns, type Turn } from "./seeds/conversation-text.js";
import { isRecord, malformedSeed, readSeedFunction, seedId, type SeedReader } from "./seeds/seed.js";

/**
 * OpenAI fine-tuning chat format: `{"messages": […], "tools": […], "parallel_tool_calls": bool}`.
 * The canonical record is a superset of it, so reading keeps `id`, `task_id`, `verdicts`, `usage`,
 * `reason` and `meta` when present. Writing keeps only the three training keys, drops the
 * assistant's `thought` (OpenAI has no slot for it), makes every call id 9 alphanumeric
 * characters (Mistral's templates require it), describes every tool parameter (Hermes' template
 * requires it), writes a calling turn's missing content as "" (many templates raise on null) and replaces a BUTTON system prompt by the text after it, if any (see ownSystemText).
 * Messages are read by one function (`readOpenAIMessages`) for both the record and the seed
 * (`openAIChatSeedReader`), so both accept and refuse the same messages.
 */
export const openAIFormat: RecordFormat = {
  name: "openai",
  description: "OpenAI fine-tuning chat: messages with tool_calls, tools, parallel_tool_calls",

  detect(value) {
    if (!isObject(value) || !Array.isArray(value.messages)) return false;
    return value.messages.every((message) => isObject(message) && typeof message.role === "string");
  },

  read(value, location = {}) {
    if (!isObject(value)) throw new UserError("a record must be a JSON object", location);
    if (!Array.isArray(value.messages)) {
      throw new UserError("missing 'messages' list; an OpenAI chat record is {\"messages\": [...]}", { ...location, field: "messages" });
    }
    const messages = readOpenAIMessages(value.messages, location);
    return finishRecord(
      {
        id: value.id,
        task_id: value.task_id,
        messages,
        tools: readToolList(value.tools, "tools", location),
        parallel_tool_calls: typeof value.parallel_tool_calls === "boolean" ? value.parallel_tool_calls : undefined,
        verdicts: value.verdicts,
        usage: value.usage,
        reason: value.reason,
        meta: isObject(value.meta) ? value.meta : undefined,
      },
      location,
    );
  },

  write(record) {
    return writeOpenAI(record);
  },
};

export interface OpenAIWriteOptions {
  /** Keep `id`, `task_id` and `meta` beside the training keys (off: OpenAI's uploader wants only its own keys). */
  keepIds?: boolean;
}

export function writeOpenAI(record: TrajectoryRecord, options: OpenAIWriteOptions = {}): Record<string, unknown> {
  const system = ownSystemText(record.messages);
  const messages = [
    ...(system !== undefined ? [{ role: "system", content: system }] : []),
    ...withPortableCallIds(record.messages.filter((message) => message.role !== "system")).map(openAIMessage),
  ];
  return {
    ...(options.keepIds ? { id: record.id, task_id: record.task_id } : {}),
    messages,
    tools: trainingTools(record.tools),
    parallel_tool_calls: record.parallel_tool_calls,
    ...(options.keepIds && Object.keys(record.meta).length > 0 ? { meta: record.meta } : {}),
  };
}

function openAIMessage(message: Message): Record<string, unknown> {
  switch (message.role) {
    case "assistant":
      return message.tool_calls && message.tool_calls.length > 0
        ? // An empty string, never null: nine common tool templates (Llama 3.2/4, Qwen3.5, DeepSeek-R1,
          // Gemma 3, …) concatenate or iterate `content` and raise on null.
          { role: "assistant", content: message.content ?? "", tool_calls: message.tool_calls }
        : { role: "assistant", content: message.content ?? "" };
    case "tool":
      return { role: "tool", tool_call_id: message.tool_call_id, content: message.content };
    default:
      return { role: message.role, content: message.content };
  }
}

/**
 * OpenAI messages as they appear in the wild: content parts, object arguments, missing call types.
 * `listField` names the list in errors (`traj` for τ-bench's seeds).
 */
export function readOpenAIMessages(input: unknown[], location: RecordLocation = {}, listField = "messages"): Message[] {
  return input.map((raw, index): Message => {
    const field = `${listField}.${index}`;
    if (!isObject(raw)) throw new UserError("each message must be a JSON object", { ...location, field });
    const role = raw.role;
    const content = textContent(raw.content);
    if (role === "system" || role === "user") {
      if (content === undefined) throw new UserError(`a ${role} message needs text 'content'`, { ...location, field: `${field}.content` });
      return { role, content };
    }
    if (role === "assistant") {
      const message: AssistantMessage = { role: "assistant", content: content ?? null };
      if (raw.tool_calls !== undefined && raw.tool_calls !== null) {
        if (!Array.isArray(raw.tool_calls)) {
          throw new UserError("'tool_calls' must be a list", { ...location, field: `${field}.tool_calls` });
        }
        if (raw.tool_calls.length > 0) message.tool_calls = raw.tool_calls.map((call, position) => readToolCall(call, `${field}.tool_calls.${position}`, location));
      }
      if (typeof raw.thought === "string") message.thought = raw.thought;
      return message;
    }
    if (role === "tool") {
      if (typeof raw.tool_call_id !== "string" || raw.tool_call_id === "") {
        throw new UserError("a tool message needs the 'tool_call_id' of the call it answers", { ...location, field: `${field}.tool_call_id` });
      }
      if (raw.content === undefined || raw.content === null) {
        throw new UserError("a tool message needs 'content': the result of its call", { ...location, field: `${field}.content` });
      }
      return {
        role: "tool",
        tool_call_id: raw.tool_call_id,
        ...(typeof raw.name === "string" ? { name: raw.name } : {}),
        content: content ?? (raw.content === undefined || raw.content === null ? "" : JSON.stringify(raw.content)),
      };
    }
    if (typeof role !== "string") {
      throw new UserError("each message needs a string `role`: system, user, assistant or tool", { ...location, field: `${field}.role` });
    }
    throw new UserError(`unknown role '${role}'; use system, user, assistant or tool`, { ...location, field: `${field}.role` });
  });
}

function readToolCall(raw: unknown, field: string, location: RecordLocation): ToolCall {
  if (!isObject(raw) || !isObject(raw.function)) {
    throw new UserError("a tool call must be {id, type: \"function\", function: {name, arguments}}", { ...location, field });
  }
  if (raw.type !== undefined && raw.type !== "function") {
    throw new UserError(`a tool call's 'type' must be "function", got ${JSON.stringify(raw.type).slice(0, 40)}`, { ...location, field: `${field}.type` });
  }
  const name = raw.function.name;
  if (typeof name !== "string" || name === "") throw new UserError("a tool call needs a function name", { ...location, field: `${field}.function.name` });
  if (typeof raw.id !== "string" || raw.id === "") throw new UserError("a tool call needs an 'id'", { ...location, field: `${field}.id` });
  return { id: raw.id, type: "function", function: { name, arguments: argumentsText(raw.function.arguments) } };
}

/**
 * Seeds from OpenAI chat JSONL (`{messages, tools?}`, the fine-tuning format; τ-bench's `traj` is
 * read the same way). System messages are left out of the seed text: they hold policy, not the
 * user's situation.
 */
export const openAIChatSeedReader: SeedReader = {
  format: "openai-chat",
  detect: (record) => isRecord(record) && (isMessageList(record.messages) || isMessageList(record.traj)),
  toSeed(record, location) {
    if (!isRecord(record)) throw malformedSeed("an OpenAI chat record must be a JSON object", location, "(record)");
    const field = Array.isArray(record.messages) || record.traj === undefined ? "messages" : "traj";
    const list = record[field];
    if (!Array.isArray(list)) throw malformedSeed("`messages` must be a list of {role, content}", location, "messages");
    const turns = readOpenAIMessages(list, location, field).flatMap((message): Turn[] => {
      if (message.role === "user") return [{ speaker: "User", text: message.content }];
      if (message.role === "tool") return [{ speaker: "Function result", text: message.content }];
      if (message.role !== "assistant") return [];
      return [
        { speaker: "Assistant", text: message.content ?? "" },
        ...(message.tool_calls ?? []).map((call): Turn => ({ speaker: "Function call", text: `${call.function.name} ${call.function.arguments}` })),
      ];
    });
    if (!turns.some((turn) => turn.speaker === "User" && turn.text.trim() !== "")) {
      throw malformedSeed("no user message; a seed needs at least one", location, field);
    }
    const tools = record.tools;
    if (tools !== undefined && tools !== null && !Array.isArray(tools)) throw malformedSeed("`tools` must be a list of tool definitions", location, "tools");
    return {
      id: seedId(location),
      text: renderTurns(turns),
      functions: Array.isArray(tools) ? tools.map((tool, index) => readSeedFunction(tool, location, `tools.${index}`)) : undefined,
      source: { file: location.file, line: location.line },
    };
  },
};

function isMessageList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && isRecord(value[0]) && typeof value[0].role === "string";
}
