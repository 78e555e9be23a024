import type { BaseMessage } from "@langchain/core/messages";
import { AIMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { SystemError } from "../errors.js";

export interface TokenUsage {
  prompt: number;
  completion: number;
}

export interface ModelReply {
  message: AIMessage;
  usage: TokenUsage;
}

export type ChatRunnable = Runnable<BaseLanguageModelInput, BaseMessage>;

/** Invoke a chat model once and read its token usage (zero when the endpoint reports none). */
export async function callModel(model: ChatRunnable, messages: BaseMessage[], signal?: AbortSignal): Promise<ModelReply> {
  let output: BaseMessage;
  try {
    output = await model.invoke(messages, signal ? { signal } : undefined);
  } catch (error) {
    throw toSystemError(error);
  }
  const message = AIMessage.isInstance(output) ? output : new AIMessage({ content: output.content });
  const usage = message.usage_metadata;
  return {
    message,
    usage: { prompt: usage?.input_tokens ?? 0, completion: usage?.output_tokens ?? 0 },
  };
}

/** Transport failures keep their HTTP status so the runner can decide whether to retry. */
function toSystemError(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const named = error as { name?: string; status?: number; message?: string; headers?: Record<string, string> };
  if (named.name === "ModelBehaviorError" || named.name === "UserError" || named.name === "SystemError") return error;
  if (named.name === "AbortError") return error;
  const status = typeof named.status === "number" ? named.status : undefined;
  const timedOut = /timed? ?out|ETIMEDOUT/i.test(named.message ?? "") || named.name === "APIConnectionTimeoutError";
  return new SystemError(timedOut ? "timeout" : "transport", `Model request failed: ${named.message ?? String(error)}`, {
    status,
    cause: error,
  });
}
