import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { UserError } from "../errors.js";

/** The parts of an OpenAI chat-completions request the simulator server understands. */
export interface ChatCompletionRequest {
  model?: string;
  messages: WireMessage[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface WireMessage {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** Check a request body's shape; a problem is a UserError naming the field (sent back as HTTP 400). */
export function readChatRequest(body: unknown): ChatCompletionRequest {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new UserError("request body must be a JSON object", { field: "body" });
  const request = body as ChatCompletionRequest;
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new UserError("'messages' must be a non-empty array", { field: "messages" });
  }
  request.messages.forEach((message, index) => {
    if (!message || typeof message !== "object" || !["system", "developer", "user", "assistant", "tool"].includes(message.role)) {
      throw new UserError("role must be system, developer, user, assistant or tool", { field: `messages[${index}].role` });
    }
    if (message.role === "tool" && typeof message.tool_call_id !== "string") {
      throw new UserError("a tool message needs 'tool_call_id'", { field: `messages[${index}].tool_call_id` });
    }
  });
  if (request.tools !== undefined && !Array.isArray(request.tools)) throw new UserError("'tools' must be an array", { field: "tools" });
  return request;
}

/** OpenAI wire messages → LangChain messages (tool calls with parsed arguments). */
export function toLangChainMessages(messages: WireMessage[]): BaseMessage[] {
  return messages.map((message, index) => {
    const content = textOf(message.content);
    switch (message.role) {
      case "system":
      case "developer":
        return new SystemMessage(content);
      case "user":
        return new HumanMessage(content);
      case "tool":
        return new ToolMessage({ content, tool_call_id: message.tool_call_id!, name: message.name });
      case "assistant":
        return new AIMessage({
          content,
          tool_calls: (message.tool_calls ?? []).map((call, callIndex) => ({
            id: call.id,
            name: call.function.name,
            args: parseArguments(call.function.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`),
            type: "tool_call" as const,
          })),
        });
    }
  });
}

/** A LangChain reply → the `choices[0].message` and `finish_reason` of a completion. */
export function toWireReply(message: AIMessage): { message: { role: "assistant"; content: string | null; tool_calls?: WireToolCall[] }; finish_reason: string } {
  const content = textOf(message.content as WireMessage["content"]);
  const calls = (message.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    type: "function" as const,
    function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
  }));
  return {
    message: { role: "assistant", content: content === "" && calls.length > 0 ? null : content, ...(calls.length ? { tool_calls: calls } : {}) },
    finish_reason: calls.length > 0 ? "tool_calls" : "stop",
  };
}

function textOf(content: WireMessage["content"]): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}

function parseArguments(text: string, field: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}") as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new UserError("tool call arguments must be a JSON object in text form", { field });
}
