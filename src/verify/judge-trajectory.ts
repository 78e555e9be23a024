import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { JUDGE_AXES, runJudge, runPairwiseJudge, type Judgement, type PairwiseJudgement } from "../agents/judge-agent.js";
import type { CallOptions } from "../agents/model-call.js";
import { isModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import { addUsage, emptyUsage, type TrajectoryRecord, type Verdict } from "../schema/trajectory.js";

/** Scores run from 1 to 5; a trajectory whose weakest axis scores below this is rejected. */
export const DEFAULT_JUDGE_THRESHOLD = 4;

export interface JudgeSettings {
  /** The judge's chat model (any LangChain chat model; `resolveModel("sim")` offline). */
  model: BaseChatModel;
  /** Reject a trajectory whose score (its weakest axis) is below this (1–5; default 4). */
  threshold?: number;
  /** Corrective retries for unusable judge output (default 2). */
  maxRetries?: number;
}

/** What a judge wrote on one record: per-axis scores and reasons, their mean, and the model. */
export interface JudgeMeta {
  /** The weakest axis's score: a trajectory is only as good as its worst part. */
  score: number;
  mean: number;
  threshold: number;
  axes: Judgement;
}

export interface JudgedRecord {
  /** The record with a `judge:<axis>` verdict per axis, a `judge` verdict with the mean score, usage under role `judge`, and `meta.judge`. */
  record: TrajectoryRecord;
  accepted: boolean;
  /** Set when rejected: `judge: …` naming the score, the threshold and the weakest axes. */
  reason?: string;
}

/**
 * Have a judge model score one trajectory on the named axes (task completed, arguments
 * correct, results faithful, final answer correct, user natural). The verdicts carry the
 * scores and reasons; the record's score is its weakest axis (the mean is kept beside it), and
 * a score below `threshold` rejects the record with a `judge:` reason.
 * A judge that keeps answering unusably also rejects it (`judge: unusable output …`).
 */
export async function judgeTrajectory(record: TrajectoryRecord, settings: JudgeSettings & { task?: TaskRecord; call?: CallOptions }): Promise<JudgedRecord> {
  const threshold = settings.threshold ?? DEFAULT_JUDGE_THRESHOLD;
  let result;
  try {
    result = await runJudge({ model: settings.model, record, task: settings.task, maxRetries: settings.maxRetries ?? 2, call: { ...settings.call, role: "judge" } });
  } catch (error) {
    if (!isModelBehaviorError(error)) throw error;
    const reason = `judge: unusable output (${error.code}): ${error.message}`;
    return { record: { ...record, verdicts: [...record.verdicts, { check: "judge", ok: false, severity: "reject", detail: reason }] }, accepted: false, reason };
  }
  const axes = result.value;
  const mean = Math.round((JUDGE_AXES.reduce((sum, axis) => sum + axes[axis].score, 0) / JUDGE_AXES.length) * 100) / 100;
  const score = Math.min(...JUDGE_AXES.map((axis) => axes[axis].score));
  const accepted = score >= threshold;
  const weakest = [...JUDGE_AXES].sort((a, b) => axes[a].score - axes[b].score).filter((axis) => axes[axis].score < 5).slice(0, 2);
  const summary = weakest.map((axis) => `${axis} ${axes[axis].score}: ${axes[axis].reason}`).join("; ");
  const verdicts: Verdict[] = [
    ...JUDGE_AXES.map((axis): Verdict => ({ check: `judge:${axis}`, ok: axes[axis].score >= threshold, severity: "warn", score: axes[axis].score, detail: axes[axis].reason })),
    { check: "judge", ok: accepted, severity: "reject", score, detail: `score ${score} (weakest axis; mean ${mean}, threshold ${threshold})${summary ? `; ${summary}` : ""}` },
  ];
  const usage = addUsage(record.usage ?? emptyUsage(), "judge", result.usage.prompt, result.usage.completion);
  const meta: JudgeMeta = { score, mean, threshold, axes };
  const judged: TrajectoryRecord = {
    ...record,
    verdicts: [...record.verdicts.filter((verdict) => verdict.check !== "judge" && !verdict.check.startsWith("judge:")), ...verdicts],
    usage,
    meta: { ...record.meta, judge: meta },
  };
  return accepted
    ? { record: judged, accepted }
    : { record: judged, accepted, reason: `judge: score ${score} below threshold ${threshold}${summary ? ` (${summary})` : ""}` };
}

/** Which of two trajectories of one task is better, with the judge's reason and token usage. */
export async function judgePair(
  first: TrajectoryRecord,
  second: TrajectoryRecord,
  settings: Omit<JudgeSettings, "threshold"> & { task?: TaskRecord; call?: CallOptions },
): Promise<PairwiseJudgement & { usage: { prompt: number; completion: number } }> {
  const result = await runPairwiseJudge({ model: settings.model, first, second, task: settings.task, maxRetries: settings.maxRetries ?? 2, call: { ...settings.call, role: "judge" } });
  return { ...result.value, usage: result.usage };
}
