import { UserError } from "../errors.js";
import type { Message, ToolCall, TrajectoryRecord } from "../schema/trajectory.js";
import { sequentialCallId, withPortableCallIds } from "./call-ids.js";
import { resultsInCallOrder } from "./call-order.js";
import { argumentsText, finishRecord, parseOrText, readToolList, resultText } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";
import { ownSystemText } from "./own-system-text.js";
import { trainingTools } from "./training-tools.js";

/**
 * Hermes function-calling layout (as in NousResearch's hermes-function-calling data):
 * `{"conversations": [{from: system|human|gpt|tool, value}]}`. The system turn lists the tools as
 * JSON inside `<tools></tools>`; a calling gpt turn is its thought, then one
 * `<tool_call>\n{"name","arguments"}\n</tool_call>` per call; a tool turn holds one
 * `<tool_response>\n{"name","content"}\n</tool_response>` per result, in call order.
 * The reader also takes the same turns as OpenAI-style `messages` with role/content.
 */
export const HERMES_TOOLS_PREAMBLE =
  "You are a function calling AI model. You are provided with function signatures within <tools></tools> XML tags. " +
  "You may call one or more functions to assist with the user query. Don't make assumptions about what values to plug into functions. Here are the available tools: ";
export const HERMES_CALL_INSTRUCTIONS =
  'For each function call return a json object with function name and arguments within <tool_call></tool_call> XML tags as follows:\n<tool_call>\n{"name": <function-name>, "arguments": <args-dict>}\n</tool_call>';

const SPEAKERS: Record<string, string> = { system: "system", human: "user", gpt: "assistant", tool: "tool", user: "user", assistant: "assistant" };

export const hermesFormat: RecordFormat = {
  name: "hermes",
  description: "Hermes: tools in <tools></tools> in the system turn, <tool_call> in assistant text, <tool_response> in tool turns",

  detect(value) {
    // Shape first: structured calls or results are OpenAI's, whatever the text says.
    if (hasStructuredCalls(value)) return false;
    const turns = turnsOf(value);
    if (!turns || !turns.every((turn) => ["system", "user", "assistant", "tool"].includes(turn.speaker))) return false;
    // The tool list declared in the system turn is the record's header; markers a model wrote
    // inside assistant or tool text never decide the format.
    return turns.some((turn) => turn.speaker === "system" && /<tools>[\s\S]*<\/tools>/.test(turn.text));
  },

  read(value, location = {}) {
    const turns = turnsOf(value);
    if (!turns) {
      throw new UserError("a Hermes record needs 'conversations' of {from, value} (or 'messages' of {role, content})", {
        ...location,
        field: "conversations",
      });
    }
    return readHermes(value as Record<string, unknown>, turns, location);
  },

  write(record) {
    return writeHermes(record);
  },
};

export function writeHermes(record: TrajectoryRecord): Record<string, unknown> {
  const tools = trainingTools(record.tools);
  const source = ownSystemText(record.messages);
  const toolBlock = `${HERMES_TOOLS_PREAMBLE}<tools> ${JSON.stringify(tools)} </tools>\n${HERMES_CALL_INSTRUCTIONS}`;
  const conversations: Array<{ from: string; value: string }> = [
    { from: "system", value: source ? `${source}\n\n${toolBlock}` : toolBlock },
  ];
  // Unique ids first: results are ordered by their calls' ids, and some sources reuse ids across turns.
  const messages = withPortableCallIds(record.messages);
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role === "user") conversations.push({ from: "human", value: message.content });
    if (message.role === "assistant") {
      const calls = (message.tool_calls ?? []).map(
        (call) => `<tool_call>\n${JSON.stringify({ name: call.function.name, arguments: parseOrText(call.function.arguments) })}\n</tool_call>`,
      );
      conversations.push({ from: "gpt", value: [message.content ?? "", ...calls].filter((part) => part !== "").join("\n") });
    }
    if (message.role === "tool") {
      const group: Message[] = [];
      while (index < messages.length && messages[index]!.role === "tool") group.push(messages[index++]!);
      index--;
      const responses = resultsInCallOrder(group, messages).map(
        (tool) => `<tool_response>\n${JSON.stringify({ name: tool.name ?? "", content: parseOrText(tool.content) })}\n</tool_response>`,
      );
      conversations.push({ from: "tool", value: responses.join("\n") });
    }
  }
  return { conversations };
}

interface Turn {
  speaker: string;
  text: string;
  field: string;
}

/** OpenAI-style structure: `tool_calls`, `tool_call_id` or `function_call` on any message. */
function hasStructuredCalls(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.messages)) return false;
  return value.messages.some((message) => isObject(message) && ("tool_calls" in message || "tool_call_id" in message || "function_call" in message));
}

function turnsOf(value: unknown): Turn[] | undefined {
  if (!isObject(value)) return undefined;
  const [list, speakerKey, textKey, name] = Array.isArray(value.conversations)
    ? [value.conversations, "from", "value", "conversations"]
    : Array.isArray(value.messages)
      ? [value.messages, "role", "content", "messages"]
      : [undefined, "", "", ""];
  if (!list) return undefined;
  const turns: Turn[] = [];
  for (let index = 0; index < list.length; index++) {
    const turn = list[index];
    if (!isObject(turn) || typeof turn[textKey] !== "string") return undefined;
    turns.push({ speaker: SPEAKERS[String(turn[speakerKey])] ?? String(turn[speakerKey]), text: turn[textKey] as string, field: `${name}.${index}` });
  }
  return turns;
}

function readHermes(value: Record<string, unknown>, turns: Turn[], location: RecordLocation): TrajectoryRecord {
  const messages: Message[] = [];
  let tools = readToolList(value.tools, "tools", location);
  const meta: Record<string, unknown> = isObject(value.meta) ? { ...value.meta } : {};
  let callCount = 0;
  let lastCalls: ToolCall[] = [];
  for (const turn of turns) {
    const field = `${turn.field}.value`;
    switch (turn.speaker) {
      case "system": {
        const block = between(turn.text, "<tools>", "</tools>");
        if (!block) {
          messages.push({ role: "system", content: turn.text });
          break;
        }
        if (tools.length === 0) tools = readToolList(parseToolBlock(block.inner, field, location), field, location);
        const before = turn.text.slice(0, block.start);
        const preamble = before.lastIndexOf(HERMES_TOOLS_PREAMBLE);
        // Our own preamble marks where the source's system text ends; another prompt is all about
        // the tools, so it is kept only in meta.
        const own = (preamble >= 0 ? before.slice(0, preamble) : "").trim();
        if (own !== "") messages.push({ role: "system", content: own });
        if (preamble < 0) meta.source_system = turn.text;
        break;
      }
      case "user":
        messages.push({ role: "user", content: turn.text });
        break;
      case "assistant": {
        const blocks = allBetween(turn.text, "<tool_call>", "</tool_call>");
        if (blocks.length === 0) {
          messages.push({ role: "assistant", content: turn.text });
          break;
        }
        const calls = blocks.map((block, position): ToolCall => {
          const parsed = parseOrText(block.trim());
          if (!isObject(parsed) || typeof parsed.name !== "string") {
            throw new UserError('a <tool_call> must hold JSON {"name": …, "arguments": {…}}', { ...location, field: `${field}<tool_call ${position + 1}>` });
          }
          return { id: sequentialCallId(callCount++), type: "function", function: { name: parsed.name, arguments: argumentsText(parsed.arguments) } };
        });
        lastCalls = calls;
        messages.push({ role: "assistant", content: turn.text.slice(0, turn.text.indexOf("<tool_call>")).trim(), tool_calls: calls });
        break;
      }
      case "tool": {
        const blocks = allBetween(turn.text, "<tool_response>", "</tool_response>");
        const responses = blocks.length > 0 ? blocks : [turn.text];
        responses.forEach((block, position) => {
          const parsed = parseOrText(block.trim());
          const named = isObject(parsed) && typeof parsed.name === "string" && "content" in parsed;
          messages.push({
            role: "tool",
            tool_call_id: lastCalls[position]?.id ?? `unmatched${callCount}x${position}`,
            ...(named ? { name: parsed.name as string } : {}),
            content: named ? resultText(parsed.content) : block.trim(),
          });
        });
        break;
      }
      default:
        throw new UserError(`unknown speaker '${turn.speaker}'; Hermes uses system, human, gpt and tool`, { ...location, field: turn.field });
    }
  }
  return finishRecord({ id: value.id, task_id: value.task_id, messages, tools, meta }, location);
}

/** The tool block is a JSON list, or (Qwen style) one JSON object per line. */
function parseToolBlock(inner: string, field: string, location: RecordLocation): unknown[] {
  const text = inner.trim();
  const whole = parseOrText(text);
  if (Array.isArray(whole)) return whole;
  if (isObject(whole)) return [whole];
  const lines = text.split(/\n+/).map((line) => parseOrText(line.trim()));
  if (lines.every(isObject)) return lines;
  throw new UserError("the <tools></tools> block is neither a JSON list nor one JSON object per line", { ...location, field });
}

/** The last non-empty open…close block: prompts say "within <tools></tools> XML tags" before the real one. */
function between(text: string, open: string, close: string): { inner: string; start: number } | undefined {
  let found: { inner: string; start: number } | undefined;
  for (let start = text.indexOf(open); start >= 0; start = text.indexOf(open, start + open.length)) {
    const end = text.indexOf(close, start + open.length);
    if (end < 0) break;
    const inner = text.slice(start + open.length, end);
    if (inner.trim() !== "") found = { inner, start };
  }
  return found;
}

function allBetween(text: string, open: string, close: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(open, from);
    if (start < 0) return out;
    const end = text.indexOf(close, start + open.length);
    out.push(text.slice(start + open.length, end < 0 ? undefined : end));
    if (end < 0) return out;
    from = end + close.length;
  }
}
