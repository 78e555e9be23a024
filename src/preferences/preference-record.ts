import { z } from "zod";
import { openAIToolSchema } from "../schema/function-spec.js";
import { messageSchema } from "../schema/trajectory.js";

/**
 * One DPO preference pair (one line of `preferences.jsonl`), in the conversational
 * prompt/chosen/rejected form that TRL and most DPO trainers read: `prompt` is the
 * conversation up to the rejected answer (system prompt included), `chosen` the answer the
 * critic accepted later, `rejected` the answer it sent back.
 */
export const preferenceRecordSchema = z.object({
  id: z.string().min(1),
  prompt: z.array(messageSchema).min(1),
  chosen: z.array(messageSchema).min(1),
  rejected: z.array(messageSchema).min(1),
  /** The functions the prompt's system message offers, as OpenAI tool definitions. */
  tools: z.array(openAIToolSchema).default([]),
  meta: z
    .object({
      task_id: z.string().min(1),
      trajectory_id: z.string().min(1),
      /** The critic's reason for sending the rejected answer back. */
      feedback: z.string(),
      /** 1 for the first answer sent back, 2 for the second, … */
      round: z.number().int().positive(),
    })
    .catchall(z.unknown()),
});
export type PreferenceRecord = z.infer<typeof preferenceRecordSchema>;

/** The file name next to `trajectories.jsonl` in a run directory. */
export const PREFERENCES_FILE = "preferences.jsonl";
