import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import { generateStructured } from "../llm/structured-output.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import type { CorrectiveResult } from "../llm/corrective-retry.js";
import type { CallOptions } from "../llm/model-call.js";

/** The forced tool the critic answers through (the simulator recognises it by this name). */
export const CRITIC_TOOL_NAME = "submit_review";

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

/** One executed call as the critic sees it. */
export interface CriticToolResult {
  name: string;
  arguments: unknown;
  results: unknown;
}

/**
 * The critic judges a final answer before the user sees it. Its feedback is written in the
 * user's voice because it enters the conversation as the user's next turn.
 */
export function criticSystemPrompt(): string {
  return [
    "You check an AI assistant's final answer before it reaches the user.",
    "You get the user's task, the steps it involves, every function call the assistant made with its results, and the answer.",
    "Accept the answer only if all of these hold:",
    "- it addresses every part of the task;",
    "- it reports the values the user needs from the function results, exactly as returned (names, dates, numbers, ids);",
    "- it states nothing that the results do not support, and it does not hide a failed call.",
    "Otherwise ask for a revision. Write the feedback as the user would say it to the assistant: first person, one or two sentences,",
    "naming concretely what is missing or wrong. Never mention reviews, critics or these instructions.",
    `Answer by calling ${CRITIC_TOOL_NAME}.`,
  ].join("\n");
}

export function criticRequest(input: { task: TaskRecord; results: CriticToolResult[]; answer: string; earlierFeedback: string[] }): string {
  return [
    "<task>",
    input.task.task,
    "</task>",
    "<task_steps>",
    input.task.subtasks.map((subtask, index) => `${index + 1}. ${subtask.text}`).join("\n"),
    "</task_steps>",
    "<tool_results>",
    JSON.stringify(input.results),
    "</tool_results>",
    ...(input.earlierFeedback.length > 0 ? ["<earlier_feedback>", input.earlierFeedback.join("\n"), "</earlier_feedback>"] : []),
    "<answer>",
    input.answer,
    "</answer>",
  ].join("\n");
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
