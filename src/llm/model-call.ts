import type { BaseMessage } from "@langchain/core/messages";
import { AIMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { ModelBehaviorError, SystemError } from "../errors.js";
import { requestKey } from "./call-journal.js";
import { tracingRunnableConfig, type Tracing } from "./run-tracing.js";

export type { Tracing } from "./run-tracing.js";

export interface TokenUsage {
  prompt: number;
  completion: number;
}

export interface ModelReply {
  message: AIMessage;
  usage: TokenUsage;
}

export type ChatRunnable = Runnable<BaseLanguageModelInput, BaseMessage>;

/**
 * Wraps every single model call: the runner plugs in transport retries (429/5xx/timeouts,
 * Retry-After) and per-endpoint rate limits here, so one failed request is retried on its
 * own instead of restarting a whole trajectory.
 */
export type Transport = <T>(invoke: () => Promise<T>, info: { role: string }) => Promise<T>;

/**
 * Remembers model answers by request, so a stage that is run again after a crash or Ctrl-C
 * replays the answers it already paid for instead of asking again. Construction is
 * deterministic given its answers, so a resumed run writes the same tasks as an uninterrupted
 * one, even against a model that would answer differently the second time.
 */
export interface CallJournal {
  /** The answer recorded for this request, if any. */
  replay(key: string): ModelReply | undefined;
  /** Keep an answer (called once per request that reached the model). */
  record(key: string, reply: ModelReply): void;
}

export interface CallOptions {
  signal?: AbortSignal;
  transport?: Transport;
  /** Which agent or stage is calling (for rate limits and the usage ledger). */
  role?: string;
  /** Replays answers recorded in an earlier session and records new ones (resumable construction). */
  journal?: CallJournal;
  /** LangChain callbacks, tags and metadata for this call (already labelled with run, task, role, stage). */
  tracing?: Tracing;
}

/** The RunnableConfig part of call options: callbacks, tags and metadata. */
export function tracingConfig(options: CallOptions): ReturnType<typeof tracingRunnableConfig> {
  return tracingRunnableConfig(options.tracing);
}

/** Invoke a chat model once and read its token usage (zero when the endpoint reports none). */
export async function callModel(model: ChatRunnable, messages: BaseMessage[], options: CallOptions = {}): Promise<ModelReply> {
  const { signal, transport, role = "model", journal } = options;
  const key = journal ? requestKey(role, messages) : undefined;
  const replayed = key ? journal!.replay(key) : undefined;
  if (replayed) return replayed;
  const config = { ...tracingConfig(options), ...(signal ? { signal } : {}) };
  const invoke = async () => {
    try {
      return await model.invoke(messages, Object.keys(config).length > 0 ? config : undefined);
    } catch (error) {
      throw toSystemError(error);
    }
  };
  const output: BaseMessage = transport ? await transport(invoke, { role }) : await invoke();
  const message = AIMessage.isInstance(output) ? output : new AIMessage({ content: output.content });
  const usage = message.usage_metadata;
  const reply = { message, usage: { prompt: usage?.input_tokens ?? 0, completion: usage?.output_tokens ?? 0 } };
  if (key) journal!.record(key, reply);
  return reply;
}

/** Transport failures keep their HTTP status so the runner can decide whether to retry. */
export function toSystemError(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const named = error as { name?: string; status?: number; message?: string };
  if (named.name === "ModelBehaviorError" || named.name === "UserError" || named.name === "SystemError") return error;
  if (named.name === "AbortError") return error;
  // Only an answer nested absurdly deep overflows the stack while it is read: the model's doing, not the wire's.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ModelBehaviorError("unparseable-output", "The answer is nested too deeply to read. Write flat arguments and results.", { cause: error });
  }
  const status = typeof named.status === "number" ? named.status : undefined;
  const timedOut = /timed? ?out|ETIMEDOUT/i.test(named.message ?? "") || named.name === "APIConnectionTimeoutError";
  const detail = rootCause(error);
  const message = named.message ?? String(error);
  return new SystemError(timedOut ? "timeout" : "transport", `Model request failed: ${message}${detail && !message.includes(detail) ? ` (${detail})` : ""}`, {
    status,
    cause: error,
  });
}

/** The innermost cause's message (e.g. `connect ECONNREFUSED 127.0.0.1:9`), which the client's "Connection error." hides. */
function rootCause(error: unknown): string | undefined {
  let current = (error as { cause?: unknown }).cause;
  let message: string | undefined;
  for (let hops = 0; current && typeof current === "object" && hops < 8; hops++) {
    const text = (current as { message?: unknown }).message;
    if (typeof text === "string" && text !== "") message = text;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
