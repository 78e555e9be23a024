import type { BaseMessage } from "@langchain/core/messages";
import type { SeededRandom } from "../../util/seeded-random.js";

/** A tool definition as bound to the model (OpenAI form). */
export interface BoundTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** Everything the simulator may look at: exactly what a real model receives. */
export interface SimRequest {
  /** The system messages' text, joined. */
  system: string;
  /** The conversation after the system messages. */
  messages: BaseMessage[];
  /** Tools bound with `bindTools` (including structured-output tools). */
  tools: BoundTool[];
  /** The tool name forced by `tool_choice`, if any. */
  toolChoice?: string;
  random: SeededRandom;
}

export interface SimToolCall {
  name: string;
  args: Record<string, unknown>;
}

export interface SimReply {
  content: string;
  toolCalls?: SimToolCall[];
}

/** One behaviour of the simulator: recognises a kind of request and answers it. */
export interface SimSkill {
  name: string;
  matches(request: SimRequest): boolean;
  respond(request: SimRequest): SimReply;
}

/** The text between `<tag>` and `</tag>` (the last occurrence), or undefined. */
export function readSection(text: string, tag: string): string | undefined {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const start = text.lastIndexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(close, start + open.length);
  if (end < 0) return undefined;
  return text.slice(start + open.length, end).trim();
}

export function messageText(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : "text" in part ? String(part.text) : ""))
    .join("");
}
