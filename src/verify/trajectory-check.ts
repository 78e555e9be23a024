import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord, Verdict } from "../schema/trajectory.js";

export type Severity = "reject" | "warn";

/** What a check may look at besides the record itself. */
export interface CheckContext {
  /** The task the trajectory was simulated from; checks that need it (coverage) skip without it. */
  task?: TaskRecord;
  /** Functions whose call may end a conversation with no final answer (also read from `meta.terminal_functions`). */
  terminalFunctions?: readonly string[];
}

/**
 * What `run` reports: a problem (`{detail}`), or a verdict-shaped object (`{ok, detail?}`; its
 * `check` and `severity` are set by the verifier). A check that reports nothing passed.
 */
export interface CheckFinding {
  detail?: string;
  ok?: boolean;
}

/**
 * One trajectory check. `run` returns the problems it found (an empty list when the record
 * passes, or `undefined` when the check does not apply, e.g. coverage without a task); it may
 * also return verdicts (`{check, ok, detail}`), of which the failed ones count as problems.
 * Severity is applied by the verifier: `defaultSeverity` unless the caller overrides it.
 */
export interface TrajectoryCheck {
  name: string;
  description: string;
  defaultSeverity: Severity;
  run(record: TrajectoryRecord, context: CheckContext): CheckFinding[] | CheckFinding | Verdict[] | Verdict | undefined;
  /** Stateful checks (dedup) learn from records the verifier accepted. */
  remember?(record: TrajectoryRecord): void;
}

export type { Verdict };
