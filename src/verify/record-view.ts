import { fromOpenAITool, type FunctionSpec } from "../schema/function-spec.js";
import type { AssistantMessage, Message, ToolCall, ToolMessage, TrajectoryRecord } from "../schema/trajectory.js";

/** Read-only views of a trajectory that several checks share. */

export interface CallTurn {
  /** Index of the assistant message in `messages`. */
  index: number;
  message: AssistantMessage;
  calls: ToolCall[];
  /** The tool messages that directly follow the turn. */
  results: ToolMessage[];
}

export function callTurns(record: TrajectoryRecord): CallTurn[] {
  const turns: CallTurn[] = [];
  record.messages.forEach((message, index) => {
    if (message.role !== "assistant" || !message.tool_calls || message.tool_calls.length === 0) return;
    const results: ToolMessage[] = [];
    for (let next = index + 1; next < record.messages.length && record.messages[next]!.role === "tool"; next++) {
      results.push(record.messages[next] as ToolMessage);
    }
    turns.push({ index, message, calls: message.tool_calls, results });
  });
  return turns;
}

export function allCalls(record: TrajectoryRecord): ToolCall[] {
  return callTurns(record).flatMap((turn) => turn.calls);
}

export function functionSpecs(record: TrajectoryRecord): Map<string, FunctionSpec> {
  return new Map(record.tools.map((tool) => [tool.function.name, fromOpenAITool(tool)]));
}

/** Parsed call arguments, or the reason they do not parse into an object. */
export function parseArguments(text: string): { value: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { problem: `arguments are not valid JSON: ${text.slice(0, 120)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "arguments must be a JSON object" };
  return { value: value as Record<string, unknown> };
}

export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every scalar inside a JSON value (object keys excluded). */
export function leafValues(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) leafValues(item, out);
  else if (value && typeof value === "object") for (const item of Object.values(value)) leafValues(item, out);
  else if (value !== null && value !== undefined) out.push(value);
  return out;
}

export function lastMessage(record: TrajectoryRecord): Message | undefined {
  return record.messages[record.messages.length - 1];
}

export function describeCall(call: ToolCall): string {
  return `'${call.function.name}' (call ${call.id})`;
}
