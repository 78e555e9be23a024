import { z } from "zod";
import { openAIToolSchema } from "./function-spec.js";

export const ROLES = ["user", "assistant", "tool"] as const;
export type AgentRoleName = (typeof ROLES)[number] | (string & {});

export const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1),
    /** JSON text, as in OpenAI's format. */
    arguments: z.string(),
  }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const systemMessageSchema = z.object({ role: z.literal("system"), content: z.string() });
export const userMessageSchema = z.object({ role: z.literal("user"), content: z.string() });
export const assistantMessageSchema = z.object({
  role: z.literal("assistant"),
  /** On a calling turn, the observation and thought; on the last turn, the final answer. */
  content: z.string().nullable(),
  tool_calls: z.array(toolCallSchema).optional(),
  /** The reasoning written before a final answer (BUTTON keeps it; OpenAI export drops it). */
  thought: z.string().optional(),
});
export const toolMessageSchema = z.object({
  role: z.literal("tool"),
  tool_call_id: z.string().min(1),
  /** The function name, kept for formats that need it (BUTTON, ShareGPT, Hermes). */
  name: z.string().optional(),
  content: z.string(),
});

export const messageSchema = z.discriminatedUnion("role", [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);
export type Message = z.infer<typeof messageSchema>;
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
export type ToolMessage = z.infer<typeof toolMessageSchema>;

export const tokenCountSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});
export type TokenCount = z.infer<typeof tokenCountSchema>;

export const usageSchema = z.object({
  by_role: z.record(z.string(), tokenCountSchema),
  total: tokenCountSchema,
  cost: z.number().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

export const verdictSchema = z.object({
  check: z.string().min(1),
  ok: z.boolean(),
  severity: z.enum(["reject", "warn"]).optional(),
  detail: z.string().optional(),
  /** A judge's score (1–5) for this verdict's axis, or the mean over axes. */
  score: z.number().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const trajectorySchema = z.object({
  id: z.string().min(1),
  task_id: z.string().min(1),
  messages: z.array(messageSchema),
  tools: z.array(openAIToolSchema),
  parallel_tool_calls: z.boolean(),
  verdicts: z.array(verdictSchema).default([]),
  usage: usageSchema.optional(),
  /** Present on records in `rejected.jsonl`. */
  reason: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type TrajectoryRecord = z.infer<typeof trajectorySchema>;

export function emptyUsage(): Usage {
  return { by_role: {}, total: { prompt_tokens: 0, completion_tokens: 0 } };
}

export function addUsage(usage: Usage, role: string, prompt: number, completion: number): Usage {
  const current = usage.by_role[role] ?? { prompt_tokens: 0, completion_tokens: 0 };
  return {
    ...usage,
    by_role: {
      ...usage.by_role,
      [role]: {
        prompt_tokens: current.prompt_tokens + prompt,
        completion_tokens: current.completion_tokens + completion,
      },
    },
    total: {
      prompt_tokens: usage.total.prompt_tokens + prompt,
      completion_tokens: usage.total.completion_tokens + completion,
    },
  };
}

export function mergeUsage(left: Usage, right: Usage): Usage {
  let merged = left;
  for (const [role, count] of Object.entries(right.by_role)) {
    merged = addUsage(merged, role, count.prompt_tokens, count.completion_tokens);
  }
  return merged;
}
