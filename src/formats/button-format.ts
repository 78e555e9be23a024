import { isModelBehaviorError, UserError } from "../errors.js";
import { fromOpenAITool, parseFunctionSpec, toOpenAITool, type OpenAITool } from "../schema/function-spec.js";
import type { AssistantMessage, Message, ToolCall, TrajectoryRecord } from "../schema/trajectory.js";
import { buttonSystemPrompt, parseButtonSystemPrompt } from "./button-system-prompt.js";
import { parseTaggedText, renderTaggedAssistant, renderToolTurn } from "./button-tags.js";
import { sequentialCallId, withPortableCallIds } from "./call-ids.js";
import { argumentsText, finishRecord, resultText, textContent } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";

/**
 * BUTTONInstruct's layout: `{"messages": […]}`. The system prompt is BUTTON's template with the
 * tool list (a JSON array of five-key specs) and the parallel sentence; assistant turns are a
 * thought then `<call>[{"name","arguments"}]</call>`, or `<final>…</final>`; a tool turn is one
 * message holding a JSON list of `{name, arguments, results}` in call order.
 *
 * A source record's own system message is kept after the template, and read back from there.
 * Only the last assistant turn, when it calls nothing, is written as `<final>`; an earlier text
 * reply (a clarifying question, an answer a critic sent back) is plain text. Reading gives ids
 * `call00001`, … in call order.
 */
export const buttonFormat: RecordFormat = {
  name: "button",
  description: "BUTTONInstruct: BUTTON system prompt, <call>/<final> tags, JSON tool turns",

  detect(value) {
    if (!isObject(value) || !Array.isArray(value.messages)) return false;
    // Structured calls mean OpenAI style, even under BUTTON's system prompt (our canonical records).
    if (value.messages.some((message) => isObject(message) && ("tool_calls" in message || "tool_call_id" in message))) return false;
    // Our canonical records carry a structured tool list; BUTTON records are `{messages}` alone.
    // Without this, a canonical record with no call at all (a negative variant) passes for BUTTON.
    if (Array.isArray(value.tools) && typeof value.task_id === "string") return false;
    // The BUTTON system prompt (tool list and parallel sentence) is the header; <call> or <final>
    // written inside assistant text never decides the format on its own.
    return value.messages.some(
      (message) => isObject(message) && message.role === "system" && typeof message.content === "string" && parseButtonSystemPrompt(message.content) !== undefined,
    );
  },

  read(value, location = {}) {
    if (!isObject(value) || !Array.isArray(value.messages)) {
      throw new UserError("a BUTTON record is {\"messages\": [...]}", { ...location, field: "messages" });
    }
    return readButton(value, location);
  },

  write(record) {
    return { messages: writeButtonMessages(record) };
  },
};

export function writeButtonMessages(record: TrajectoryRecord): Array<{ role: string; content: string }> {
  const specs = record.tools.map(fromOpenAITool);
  const source = record.messages.find((message) => message.role === "system")?.content ?? "";
  // A source prompt that is itself a BUTTON prompt is rebuilt from the tools, not nested.
  const extra = parseButtonSystemPrompt(source)?.extra ?? source;
  const out: Array<{ role: string; content: string }> = [
    { role: "system", content: buttonSystemPrompt(specs, record.parallel_tool_calls) + extra },
  ];
  // Unique ids first: tool turns find their calls by id, and some sources reuse ids across turns.
  const messages = withPortableCallIds(record.messages);
  const lastAssistant = messages.map((message) => message.role).lastIndexOf("assistant");
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === "system") continue;
    if (message.role === "user") out.push({ role: "user", content: message.content });
    if (message.role === "assistant") {
      const hasCalls = (message.tool_calls?.length ?? 0) > 0;
      if (hasCalls || index === lastAssistant) {
        out.push({ role: "assistant", content: renderTaggedAssistant(hasCalls ? message : { ...message, thought: message.thought ?? "" }) });
      } else {
        // Only the turn that ends the dialogue is <final>: a clarifying question or an answer a
        // critic sent back is plain text (its thought, if any, before it), so the dialogue goes on.
        out.push({ role: "assistant", content: [message.thought?.trim(), message.content ?? ""].filter(Boolean).join("\n") });
      }
    }
    if (message.role === "tool") {
      const group: Message[] = [];
      while (index < messages.length && messages[index]!.role === "tool") group.push(messages[index++]!);
      index--;
      out.push({ role: "tool", content: renderToolTurn(group, messages) });
    }
  }
  return out;
}

function readButton(value: Record<string, unknown>, location: RecordLocation): TrajectoryRecord {
  const raw = value.messages as unknown[];
  const messages: Message[] = [];
  let tools: OpenAITool[] = [];
  let parallel: boolean | undefined;
  const meta: Record<string, unknown> = isObject(value.meta) ? { ...value.meta } : {};
  let callCount = 0;
  let lastCalls: ToolCall[] = [];
  raw.forEach((entry, index) => {
    const field = `messages.${index}`;
    if (!isObject(entry)) throw new UserError("each message must be a JSON object", { ...location, field });
    const content = textContent(entry.content);
    if (content === undefined) throw new UserError("message 'content' must be text", { ...location, field: `${field}.content` });
    switch (entry.role) {
      case "system": {
        const parsed = parseButtonSystemPrompt(content);
        if (!parsed) {
          messages.push({ role: "system", content });
          return;
        }
        tools = readButtonToolList(parsed.toolList, `${field}.content`, location);
        parallel = parsed.parallel;
        if (!parsed.exact) meta.button_system_prompt = "differs from BUTTON's template; only its tool list and parallel sentence were read";
        if (parsed.extra.trim() !== "") messages.push({ role: "system", content: parsed.extra });
        return;
      }
      case "user":
        messages.push({ role: "user", content });
        return;
      case "assistant": {
        const message = readTaggedAssistant(content, `${field}.content`, location, () => sequentialCallId(callCount++));
        lastCalls = message.tool_calls ?? lastCalls;
        messages.push(message);
        return;
      }
      case "tool":
        messages.push(...readToolTurn(content, lastCalls, `${field}.content`, location, index));
        return;
      default:
        throw new UserError(`unknown role '${String(entry.role)}'; BUTTON uses system, user, assistant and tool`, {
          ...location,
          field: `${field}.role`,
        });
    }
  });
  return finishRecord({ id: value.id, task_id: value.task_id, messages, tools, parallel_tool_calls: parallel, meta }, location);
}

function readButtonToolList(text: string, field: string, location: RecordLocation): OpenAITool[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new UserError("the tool list inside <tool></tool> is not valid JSON; it must be a JSON array of function specs", { ...location, field });
  }
  if (!Array.isArray(list)) throw new UserError("the tool list inside <tool></tool> must be a JSON array", { ...location, field });
  return list.map((entry) => toOpenAITool(parseFunctionSpec(entry, location), { includeResponses: true }));
}

function readTaggedAssistant(content: string, field: string, location: RecordLocation, nextId: () => string): AssistantMessage {
  let turn;
  try {
    turn = parseTaggedText(content);
  } catch (error) {
    if (!isModelBehaviorError(error)) throw error;
    if (!/<(call|final)>/.test(content)) return { role: "assistant", content };
    throw new UserError(error.message, { ...location, field, cause: error });
  }
  if (turn.kind === "calls") {
    return {
      role: "assistant",
      content: turn.thought,
      tool_calls: turn.calls.map((call) => ({
        id: nextId(),
        type: "function",
        function: { name: call.name, arguments: argumentsText(call.arguments) },
      })),
    };
  }
  if (turn.kind === "final") {
    return { role: "assistant", content: turn.answer, ...(turn.thought !== "" ? { thought: turn.thought } : {}) };
  }
  return { role: "assistant", content: turn.text };
}

/**
 * A tool turn's entries answer the previous assistant turn's calls by position. Surplus entries
 * become tool messages that answer no call, so the pairing check reports them rather than the
 * reader hiding them.
 */
function readToolTurn(content: string, calls: ToolCall[], field: string, location: RecordLocation, index: number): Message[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new UserError("a BUTTON tool turn must be a JSON list of {name, arguments, results}", { ...location, field });
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  return entries.map((entry, position) => {
    if (!isObject(entry) || !("results" in entry)) {
      throw new UserError("each tool-turn entry must be an object with 'name', 'arguments' and 'results'", {
        ...location,
        field: `${field}[${position}]`,
      });
    }
    const call = calls[position];
    return {
      role: "tool",
      tool_call_id: call?.id ?? `unmatched${index}x${position}`,
      ...(typeof entry.name === "string" ? { name: entry.name } : {}),
      content: resultText(entry.results),
    };
  });
}
