import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { z } from "zod";
import { generateStructured } from "../../models/structured-output.js";

/** What every model-calling stage needs; held outside graph state (it is not JSON). */
export interface StageContext {
  model: BaseChatModel;
  /** Bounds how many model calls run at once across all fan-out branches. */
  limit: <T>(work: () => Promise<T>) => Promise<T>;
  /** Corrective retries after an unusable answer, per call. */
  maxRetries: number;
  signal?: AbortSignal;
}

/** Ask the model for a value through a forced tool named `name`, within the concurrency bound. */
export async function askModel<T>(
  context: StageContext,
  request: { name: string; description: string; schema: z.ZodType<T>; system: string; prompt: string },
): Promise<T> {
  const result = await context.limit(() =>
    generateStructured({ ...request, model: context.model, maxRetries: context.maxRetries, signal: context.signal }),
  );
  return result.value;
}

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}
