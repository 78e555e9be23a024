import type { Transport } from "../llm/model-call.js";
import { isModelBehaviorError, isSystemError, isUserError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { judgeTrajectory, type JudgeSettings } from "../verify/judge-trajectory.js";
import { rejectionReason, withVerdicts, type TrajectoryVerifier } from "../verify/verify-trajectory.js";
import { childSignal } from "./child-signal.js";
import { deterministicFailureCode } from "./failure-classification.js";
import { describeModelFailure, isAuthenticationFailure } from "./failure-description.js";
import { failedTaskRecord } from "./rejection-record.js";
import type { TaskProcessor } from "./run-options.js";

/** What became of one task. */
export type TaskOutcome =
  /** A record to write: accepted, or rejected for good (by a check, the judge, the model's behaviour). */
  | { kind: "finished"; record: TrajectoryRecord; accepted: boolean }
  /** A transport or other failure a resume should retry: its record goes to rejected.jsonl marked retryable. */
  | { kind: "failed"; record: TrajectoryRecord; error: unknown }
  /** A configuration problem (no key, bad model name): no fault of the task; stop the run, write nothing. */
  | { kind: "fatal"; error: unknown }
  /** The run was cancelled while the task ran: drop it (a resume redoes it). */
  | { kind: "cancelled" };

export interface TaskExecution {
  processor: TaskProcessor;
  verifier?: TrajectoryVerifier;
  judge?: JudgeSettings;
  /** The run's cancel signal; each task gets a child of it. */
  signal: AbortSignal;
  transport?: Transport;
}

/** Turn one task into a record: process it, run the checks and the judge, and classify a failure. */
export async function executeTask(task: TaskRecord, execution: TaskExecution): Promise<TaskOutcome> {
  const { signal, transport } = execution;
  let record: TrajectoryRecord;
  // Each model call adds an abort listener to the signal it is given, and adding one scans the list:
  // on the run's one signal that cost grows with the calls in flight. A signal per task keeps it flat.
  const taskSignal = childSignal(signal);
  try {
    record = await execution.processor(task, { signal: taskSignal.signal, transport }).finally(taskSignal.dispose);
    if (record.task_id !== task.id) record = { ...record, task_id: task.id };
    if (execution.verifier && record.reason === undefined) {
      const verification = execution.verifier.verify(record, { task });
      record = withVerdicts(record, verification);
      const reason = rejectionReason(verification);
      if (reason) record = { ...record, reason: `verification: ${reason}` };
    }
    if (execution.judge && record.reason === undefined) {
      const judged = await judgeTrajectory(record, { ...execution.judge, task, call: { signal, transport, role: "judge" } });
      record = judged.reason ? { ...judged.record, reason: judged.reason } : judged.record;
    }
  } catch (error) {
    if (signal.aborted) return { kind: "cancelled" };
    return classifyFailure(task, error);
  }
  return { kind: "finished", record, accepted: record.reason === undefined };
}

/** What a failure of a task means for the task and for the run. */
export function classifyFailure(task: TaskRecord, error: unknown): Exclude<TaskOutcome, { kind: "cancelled" }> {
  const deterministic = deterministicFailureCode(error);
  // It would fail the same way on every try: reject it for good; it says nothing about the endpoint.
  if (deterministic) return { kind: "finished", record: failedTaskRecord(task, deterministic, errorText(error)), accepted: false };
  if (isModelBehaviorError(error)) return { kind: "finished", record: failedTaskRecord(task, error.code, error.message), accepted: false };
  if (isUserError(error)) return { kind: "fatal", error };
  if (isAuthenticationFailure(error)) return { kind: "fatal", error: new Error(describeModelFailure(error), { cause: error }) };
  const code = isSystemError(error) ? error.code : "system";
  return { kind: "failed", record: failedTaskRecord(task, `${code}: ${errorText(error)}`, errorText(error), true), error };
}

/**
 * Failures in a row, reset by any task that gets a record of its own: a run whose endpoint
 * keeps failing stops at the limit instead of marking every remaining task failed.
 */
export class FailureStreak {
  private count = 0;

  constructor(readonly limit: number) {}

  /** A task got its record. */
  success(): void {
    this.count = 0;
  }

  /** A task failed; true once the limit is reached. */
  failure(): boolean {
    this.count++;
    return this.count >= this.limit;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
