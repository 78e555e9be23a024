import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { readRecords } from "../formats/read-records.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { judgePair } from "../verify/judge-trajectory.js";
import { judgedPreferencePair } from "./judged-pairs.js";
import type { PreferenceRecord } from "./preference-record.js";
import { appendPreferences } from "./preference-writer.js";

export interface JudgeRunPairsSummary {
  /** Tasks present in both inputs. */
  compared: number;
  pairs: number;
  ties: number;
  /** How often each side was preferred. */
  preferred: { first: number; second: number };
  usage: { prompt: number; completion: number };
}

/**
 * Judge two runs of the same tasks against each other (two models, two seeds, two prompt
 * versions): for every task both accepted, a pairwise judge says which trajectory is better,
 * and each decided comparison becomes a preference pair appended to `out` (preferences.jsonl).
 */
export async function judgeRunPairs(input: {
  /** A trajectories file or run directory. */
  first: string;
  second: string;
  model: BaseChatModel;
  out: string;
  maxRetries?: number;
  onPair?: (pair: PreferenceRecord) => void;
}): Promise<JudgeRunPairsSummary> {
  const firsts = new Map<string, TrajectoryRecord>();
  for await (const entry of readRecords(input.first)) if (entry.record) firsts.set(entry.record.task_id, entry.record);
  const summary: JudgeRunPairsSummary = { compared: 0, pairs: 0, ties: 0, preferred: { first: 0, second: 0 }, usage: { prompt: 0, completion: 0 } };
  for await (const entry of readRecords(input.second)) {
    const second = entry.record;
    const first = second ? firsts.get(second.task_id) : undefined;
    if (!first || !second) continue;
    summary.compared++;
    const judgement = await judgePair(first, second, { model: input.model, maxRetries: input.maxRetries });
    summary.usage.prompt += judgement.usage.prompt;
    summary.usage.completion += judgement.usage.completion;
    if (judgement.preferred === "tie") {
      summary.ties++;
      continue;
    }
    summary.preferred[judgement.preferred === "A" ? "first" : "second"]++;
    const pair = judgedPreferencePair(first, second, judgement);
    if (!pair) continue;
    await appendPreferences(input.out, [pair]);
    summary.pairs++;
    input.onPair?.(pair);
  }
  return summary;
}
