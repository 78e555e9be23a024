import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import { generateStructured } from "../llm/structured-output.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import type { CorrectiveResult } from "../llm/corrective-retry.js";
import type { CallOptions } from "../llm/model-call.js";

import { CRITIC_TOOL_NAME, criticRequest, criticSystemPrompt, type CriticToolResult } from "./prompts/critic-prompt.js";

export { CRITIC_TOOL_NAME, criticRequest, criticSystemPrompt, type CriticToolResult };

export const criticVerdictSchema = z
  .object({
    verdict: z.enum(["accept", "revise"]).describe("accept when the answer is complete and supported; revise otherwise"),
    feedback: z.string().describe("for revise: what is missing or wrong, said as the user would say it; empty for accept"),
  })
  .superRefine((value, context) => {
    if (value.verdict === "revise" && value.feedback.trim() === "") {
      context.addIssue({ code: "custom", path: ["feedback"], message: "must say what to fix when the verdict is revise" });
    }
  });
export type CriticVerdict = z.infer<typeof criticVerdictSchema>;

/** One review, with message positions in `state.messages` (the record's index is one higher: the system prompt comes first). */
export interface CriticReview {
  verdict: "accept" | "revise";
  feedback: string;
  /** The reviewed final answer. */
  answer_index: number;
  /** The feedback turn, when the answer was sent back. */
  feedback_index?: number;
}

/** What the critic keeps in `meta.roles.<name>`. */
export interface CriticMeta {
  reviews: CriticReview[];
}

/** The calls in a conversation, each with its result, in order. */
export function toolResultsOf(messages: Message[]): CriticToolResult[] {
  const calls = new Map<string, { name: string; arguments: unknown }>();
  const results: CriticToolResult[] = [];
  for (const message of messages) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) calls.set(call.id, { name: call.function.name, arguments: parseJson(call.function.arguments) });
    }
    if (message.role === "tool") {
      const call = calls.get(message.tool_call_id);
      results.push({ name: call?.name ?? message.name ?? "", arguments: call?.arguments ?? {}, results: parseJson(message.content) });
    }
  }
  return results;
}

export async function runCriticReview(input: {
  model: BaseChatModel;
  task: TaskRecord;
  messages: Message[];
  answer: string;
  earlierFeedback: string[];
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<CriticVerdict>> {
  return generateStructured({
    model: input.model,
    name: CRITIC_TOOL_NAME,
    description: "Submit your verdict on the assistant's final answer.",
    schema: criticVerdictSchema,
    system: criticSystemPrompt(),
    prompt: criticRequest({ task: input.task, results: toolResultsOf(input.messages), answer: input.answer, earlierFeedback: input.earlierFeedback }),
    maxRetries: input.maxRetries,
    call: input.call,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
