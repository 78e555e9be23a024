import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { z } from "zod";
import { generateStructured } from "../../llm/structured-output.js";
import type { CallJournal, TokenUsage, Transport } from "../../llm/model-call.js";

/** What every model-calling stage needs; held outside graph state (it is not JSON). */
export interface StageContext {
  model: BaseChatModel;
  /** Bounds how many model calls run at once across all fan-out branches. */
  limit: <T>(work: () => Promise<T>) => Promise<T>;
  /** Corrective retries after an unusable answer, per call. */
  maxRetries: number;
  signal?: AbortSignal;
  /** Wraps every model call (the runner's retries and rate limits). */
  transport?: Transport;
  /** Replays answers from an interrupted earlier session and records new ones (see `CallJournal`). */
  journal?: CallJournal;
  /** Told the tokens each stage spends, for the usage ledger. */
  onUsage?: (stage: string, usage: TokenUsage) => void;
}

/** Ask the model for a value through a forced tool named `name`, within the concurrency bound. */
export async function askModel<T>(
  context: StageContext,
  request: { name: string; description: string; schema: z.ZodType<T>; system: string; prompt: string },
): Promise<T> {
  const result = await context.limit(() =>
    generateStructured({
      ...request,
      model: context.model,
      maxRetries: context.maxRetries,
      call: { signal: context.signal, transport: context.transport, journal: context.journal, role: request.name },
    }),
  );
  context.onUsage?.(request.name, result.usage);
  return result.value;
}

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}
