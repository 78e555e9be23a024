import { z } from "zod";

/**
 * The facts of a negative variant, kept in `meta.negative` of the task (and copied to its
 * trajectory's `meta`). The user agent may read them; the assistant never sees them.
 */
export const withheldValueSchema = z.object({
  /** The sub-task whose text no longer holds the value. */
  subtask: z.string().min(1),
  /** The function and required parameter the value fills. */
  function: z.string().min(1),
  parameter: z.string().min(1),
  /** The value as it stood in the request. */
  value: z.union([z.string(), z.number()]),
  /** What the value is, in words ("the check-in date"), for the user's answer. */
  label: z.string().min(1),
});
export type WithheldValue = z.infer<typeof withheldValueSchema>;

export const negativeFactsSchema = z.object({
  /** The ordinary task the variant was derived from. */
  base_task_id: z.string().min(1),
  /** `missing-info`: the value left out of the request. */
  withheld_value: withheldValueSchema.optional(),
  /** `missing-function` and `irrelevance`: the functions that would serve the request, not offered. */
  withheld_functions: z.array(z.string()).optional(),
  /** Sub-tasks that cannot be done with the functions offered (ids). */
  unserved_subtasks: z.array(z.string()).optional(),
  /** Their texts, so a check can tell a claim about them without the task file. */
  unserved_texts: z.array(z.string()).optional(),
  /** `irrelevance`: the task whose functions are offered instead. */
  offered_from: z.string().optional(),
});
export type NegativeFacts = z.infer<typeof negativeFactsSchema>;

/** The variant facts in a task's or trajectory's `meta`, or undefined when there are none (or they are malformed). */
export function readNegativeFacts(meta: Record<string, unknown> | undefined): NegativeFacts | undefined {
  const parsed = negativeFactsSchema.safeParse(meta?.negative);
  return parsed.success ? parsed.data : undefined;
}
