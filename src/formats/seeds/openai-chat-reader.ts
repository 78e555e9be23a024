import { UserError } from "../../errors.js";
import type { FunctionSpec } from "../../schema/function-spec.js";
import { renderTurns, type Turn } from "./conversation-text.js";
import { isRecord, readSeedFunction, seedId, type RecordLocation, type SeedReader } from "./seed.js";

/**
 * OpenAI chat JSONL (`{messages, tools?}`, the fine-tuning format; τ-bench's `traj` is read
 * the same way). System messages are left out of the seed text: they hold policy, not the
 * user's situation.
 */
export const openAIChatReader: SeedReader = {
  format: "openai-chat",
  detect: (record) => isRecord(record) && (isMessageList(record.messages) || isMessageList(record.traj)),
  toSeed(record, location) {
    if (!isRecord(record)) throw malformed("an OpenAI chat record must be a JSON object", location, "(record)");
    const field = Array.isArray(record.messages) || record.traj === undefined ? "messages" : "traj";
    const messages = record[field];
    if (!Array.isArray(messages)) throw malformed("`messages` must be a list of {role, content}", location, "messages");
    const turns: Turn[] = [];
    messages.forEach((message, index) => {
      if (!isRecord(message) || typeof message.role !== "string") {
        throw malformed("each message needs a string `role`", location, `${field}.${index}.role`);
      }
      const content = message.content ?? "";
      if (typeof content !== "string" && !Array.isArray(content)) {
        throw malformed("`content` must be a string or a list of parts", location, `${field}.${index}.content`);
      }
      const text = typeof content === "string" ? content : content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
      if (message.role === "user") turns.push({ speaker: "User", text });
      else if (message.role === "assistant") {
        turns.push({ speaker: "Assistant", text });
        for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
          const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
          if (fn) turns.push({ speaker: "Function call", text: `${String(fn.name)} ${typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments)}` });
        }
      } else if (message.role === "tool" || message.role === "function") turns.push({ speaker: "Function result", text });
    });
    if (!turns.some((turn) => turn.speaker === "User" && turn.text.trim() !== "")) {
      throw malformed("no user message; a seed needs at least one", location, field);
    }
    return {
      id: seedId(location),
      text: renderTurns(turns),
      functions: readTools(record.tools, location),
      source: { file: location.file, line: location.line },
    };
  },
};

function isMessageList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && isRecord(value[0]) && typeof value[0].role === "string";
}

function readTools(tools: unknown, location: RecordLocation): FunctionSpec[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw malformed("`tools` must be a list of tool definitions", location, "tools");
  return tools.map((tool, index) => readSeedFunction(tool, location, `tools.${index}`));
}

function malformed(message: string, location: RecordLocation, field: string): UserError {
  return new UserError(message, { file: location.file, line: location.line, field });
}
