import type { TrajectoryRecord } from "../schema/trajectory.js";
import type { ProgressSnapshot } from "./progress-reporter.js";
import { rejectionCode } from "./rejection-code.js";
import type { RunCounts } from "./run-manifest.js";
import type { UsageLedger } from "./usage-ledger.js";

/** The manifest's counts plus the tasks that failed in transport this session (retried by a resume). */
export type RunTotals = RunCounts & { failed: number };

export function emptyRunCounts(): RunTotals {
  return { done: 0, accepted: 0, rejected: 0, invalid: 0, resumed_skips: 0, duplicates: 0, rejected_by_reason: {}, failed: 0 };
}

/** Count one written record: accepted, or rejected under its code (`invalid-input` also counts as invalid). */
export function countRecord(counts: RunCounts, record: Pick<TrajectoryRecord, "reason">, accepted: boolean): void {
  counts.done++;
  if (accepted) {
    counts.accepted++;
    return;
  }
  counts.rejected++;
  const code = rejectionCode(record.reason);
  counts.rejected_by_reason[code] = (counts.rejected_by_reason[code] ?? 0) + 1;
  if (code === "invalid-input") counts.invalid++;
}

/**
 * Everything a run knows about the records in its directory: the counts, the ledger, the task
 * ids that have a record, and what this session added (for its rate and the manifest's session).
 */
export class RunTally {
  readonly counts: RunTotals = emptyRunCounts();
  readonly doneIds = new Set<string>();
  sessionDone = 0;
  sessionAccepted = 0;

  constructor(readonly ledger: UsageLedger) {}

  /** A record an earlier session wrote. */
  replay(record: Pick<TrajectoryRecord, "task_id" | "usage" | "reason">, accepted: boolean): void {
    this.doneIds.add(record.task_id);
    countRecord(this.counts, record, accepted);
    this.ledger.add(record.usage, accepted);
  }

  /** A record this session wrote. */
  add(record: Pick<TrajectoryRecord, "task_id" | "usage" | "reason">, accepted: boolean): void {
    this.replay(record, accepted);
    this.sessionDone++;
    if (accepted) this.sessionAccepted++;
  }

  /** What a progress reporter shows; `total` is the input size or the target, when known. */
  snapshot(view: { total?: number; totalIsTarget: boolean; elapsedMs: number }): ProgressSnapshot {
    return {
      done: this.counts.done,
      accepted: this.counts.accepted,
      rejected: this.counts.rejected,
      total: view.total,
      totalIsTarget: view.totalIsTarget,
      sessionDone: this.sessionDone,
      sessionAccepted: this.sessionAccepted,
      elapsedMs: view.elapsedMs,
      tokens: this.ledger.totalTokens,
      cost: this.ledger.totalCost,
    };
  }
}
