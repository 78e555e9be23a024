import type { Transport } from "../llm/model-call.js";
import type { Tracing } from "../llm/run-tracing.js";
import { UserError } from "../errors.js";
import type { SimulationOptions } from "../graphs/trajectory-graph.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryGraphBuilder } from "../graphs/trajectory-graph-builder.js";
import type { VerifierOptions } from "../verify/verify-trajectory.js";
import type { JudgeSettings } from "../verify/judge-trajectory.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { DEFAULT_MAX_ATTEMPTS, type RetryPolicy } from "./model-retry.js";
import type { ProgressReporter } from "./progress-reporter.js";
import type { RateLimits } from "./rate-limit.js";
import type { RecordSink } from "./record-sink.js";
import type { RunCounts, RunStatus, StopReason } from "./run-manifest.js";
import type { TaskSource } from "./task-source.js";
import type { LedgerSummary, PriceTable } from "./usage-ledger.js";

/** What a processor gets besides the task: cancellation and the runner's transport layer. */
export interface ProcessContext {
  signal: AbortSignal;
  /** Retries and rate limits; pass it to `simulateTask` so it wraps every model call. */
  transport?: Transport;
}

/**
 * Turns one task into one record. It returns a record with `reason` set to reject the task,
 * throws a ModelBehaviorError to reject it with that code, and throws anything else for
 * failures that a later resume should retry (endpoint down, disk full).
 */
export type TaskProcessor = (task: TaskRecord, context: ProcessContext) => Promise<TrajectoryRecord>;

export interface RunOptions {
  /** A JSONL file of task records, or any task source (a queue, an array). */
  tasks: string | TaskSource;
  outDir: string;
  /**
   * The trajectory graph's options (models, protocol, parallel, maxTurns, …): each task is
   * played out by `simulateTask` with the runner's signal and transport. With ChatOpenAI
   * models, build them with `clientRetries: 0` so retries are not doubled.
   */
  simulation?: Omit<SimulationOptions, "signal" | "transport">;
  /** The graph `simulation` runs on (default: the standard user → assistant → tools graph). */
  graph?: TrajectoryGraphBuilder;
  /**
   * LangChain callbacks, tags and metadata for every model call of the run (added to
   * `simulation.tracing`); every call is labelled with the run id, task id, role and stage.
   */
  tracing?: Tracing;
  /** The run id in tags and metadata (default: a new UUID per session, recorded in the manifest's session). */
  runId?: string;
  /** Instead of `simulation`: your own way of turning a task into a record. */
  processor?: TaskProcessor;
  /**
   * Trajectory checks run on every record the graph accepts; their verdicts are stored on the
   * record, and a failed check of severity "reject" moves it to rejected.jsonl. `false` skips them.
   */
  verify?: VerifierOptions | false;
  /**
   * An LLM judge scores every record the checks accept (task completed, arguments correct,
   * results faithful, final answer correct, user natural); a score below its threshold moves
   * the record to rejected.jsonl with a `judge:` reason. Its tokens go to the ledger as role `judge`.
   */
  judge?: JudgeSettings;
  /**
   * Everything that determines the output (models, seed, turns, …); hashed to guard resumes.
   * Derived from `simulation` when not given.
   */
  config?: Record<string, unknown>;
  /** Tasks in flight at once (default 4). Memory grows with this, not with the input. */
  concurrency?: number;
  /** Continue an existing run directory, skipping tasks already written. */
  resume?: boolean;
  /** Resume even when the config differs from the one the directory was started with. */
  force?: boolean;
  /** Read at most this many input entries. */
  limit?: number;
  /** Stop once this many trajectories are accepted (the run never overshoots). */
  target?: number;
  /** Stop drawing tasks once this many tokens are spent (in-flight tasks still finish). */
  maxTokens?: number;
  /** Stop drawing tasks once this much is spent, per `prices`. */
  maxCost?: number;
  /** Price per million tokens by model id. */
  prices?: PriceTable;
  /** Model id used by each role (`user`, `assistant`, `tool`, or `*`), for prices and the ledger. */
  roleModels?: Record<string, string>;
  /** The pipeline stage recorded in the ledger (default `simulate`). */
  stage?: string;
  /** Transport retries for every model call; `false` turns them off (default: 6 attempts). */
  retry?: RetryPolicy | false;
  /** Requests/tokens per minute per endpoint name (`*` for all). */
  rateLimits?: Record<string, RateLimits>;
  /** The endpoint name a role's calls go to (default `*`). */
  endpointOf?: (info: { role: string }) => string;
  /** Tasks that fail with transport or other non-model errors in a row before the run stops (default 10). */
  maxConsecutiveFailures?: number;
  /** `true`/`"auto"`: a bar on a TTY, lines otherwise; `false`: silent; or your own reporter. */
  progress?: boolean | "auto" | ProgressReporter;
  /** Stop drawing tasks; in-flight tasks finish and are written (first Ctrl-C). */
  drain?: AbortSignal;
  /** Cancel at once; in-flight tasks are dropped and redone on resume (second Ctrl-C). */
  signal?: AbortSignal;
  /** Called after each record is written. */
  onRecord?: (record: TrajectoryRecord, accepted: boolean) => void;
  /** Where records go (default: JSONL files in `outDir`). */
  sinks?: { accepted: RecordSink; rejected: RecordSink };
  /** How often manifest.json is refreshed while running (default 5 s). */
  manifestIntervalMs?: number;
  /** Hold the run directory's lock file while running (default true): one writer at a time. */
  lock?: boolean;
}

export interface RunSummary {
  outDir: string;
  status: RunStatus;
  stopReason: StopReason;
  counts: RunCounts & { failed: number };
  usage: LedgerSummary;
  /** Transport retries of this session by reason (`HTTP 429`, `timeout`, …). */
  retries: Record<string, number>;
  /** This session's wall time. */
  elapsedMs: number;
  /** Records written per second in this session. */
  recordsPerSecond: number;
  warnings: string[];
  /** Ids of tasks that failed for transport or configuration reasons (retried by a resume), at most 100. */
  failedIds: string[];
  error?: string;
}

/** More tasks in flight than this only exhausts memory; no endpoint serves it. */
export const MAX_CONCURRENCY = 10_000;

/**
 * The runner's defaults, in one place: `runSimulation`, the CLI flags, the queue's workers and
 * collector read them here, so a changed default changes everywhere at once.
 */
export const RUN_DEFAULTS = {
  concurrency: 4,
  maxConsecutiveFailures: 10,
  manifestIntervalMs: 5_000,
  /** How often a progress bar or line is refreshed without a new record. */
  progressIntervalMs: 1_000,
  /** Tries per model call, the first included. */
  retryAttempts: DEFAULT_MAX_ATTEMPTS,
  stage: "simulate",
} as const;

/** The options `runSimulation` acts on, checked and with every default filled in. */
export interface RunSettings {
  concurrency: number;
  maxConsecutiveFailures: number;
  manifestIntervalMs: number;
  progressIntervalMs: number;
  stage: string;
  /** Whether to hold the run directory's lock. */
  lock: boolean;
  stopRules: StopRules;
}

/** When a run stops drawing tasks (besides the end of input and signals). */
export interface StopRules {
  target?: number;
  limit?: number;
  maxTokens?: number;
  maxCost?: number;
}

/** Check the options a run cannot start with and fill in the defaults. */
export function resolveRunOptions(options: RunOptions): RunSettings {
  const concurrency = positiveInteger(options.concurrency ?? RUN_DEFAULTS.concurrency, "concurrency");
  if (concurrency > MAX_CONCURRENCY) {
    throw new UserError(`concurrency ${concurrency} is more than ${MAX_CONCURRENCY}; use a smaller --concurrency`, { field: "concurrency", code: "invalid-config" });
  }
  if (options.target !== undefined) positiveInteger(options.target, "target");
  if (options.limit !== undefined) positiveInteger(options.limit, "limit");
  if (options.maxCost !== undefined && !options.prices) {
    throw new UserError("maxCost needs a price table: pass prices (per million tokens, by model id)", {
      field: "maxCost",
      code: "invalid-config",
    });
  }
  return {
    concurrency,
    maxConsecutiveFailures: options.maxConsecutiveFailures ?? RUN_DEFAULTS.maxConsecutiveFailures,
    manifestIntervalMs: options.manifestIntervalMs ?? RUN_DEFAULTS.manifestIntervalMs,
    progressIntervalMs: RUN_DEFAULTS.progressIntervalMs,
    stage: options.stage ?? RUN_DEFAULTS.stage,
    lock: options.lock !== false,
    stopRules: { target: options.target, limit: options.limit, maxTokens: options.maxTokens, maxCost: options.maxCost },
  };
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UserError(`${field} must be a positive whole number, got ${value}`, { field, code: "invalid-config" });
  }
  return value;
}
