import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import { simulateTask, type SimulationOptions } from "../../graphs/trajectory-graph.js";
import type { TrajectoryGraphBuilder } from "../../graphs/trajectory-graph-builder.js";
import type { VerifierOptions } from "../../verify/verify-trajectory.js";
import { composeTransports } from "../compose-transports.js";
import type { RetryPolicy } from "../model-retry.js";
import type { ProgressReporter } from "../progress-reporter.js";
import type { RateLimits } from "../rate-limit.js";
import { configHash } from "../run-manifest.js";
import { simulationConfig, simulationRoleModels } from "../run-config.js";
import { RUN_DEFAULTS, type RunSummary } from "../run-options.js";
import { runSimulation } from "../run-simulation.js";
import type { PriceTable } from "../usage-ledger.js";
import { parseQueueAddress, type QueueAddress } from "./queue-address.js";
import { openQueueConnection, type QueueConnection } from "./queue-connection.js";
import { QueueRecordSink } from "./queue-record-sink.js";
import { assertSameConfig, readSharedCounters, requireQueueRun, type QueueRun } from "./queue-run.js";
import { QueueTaskSource } from "./queue-task-source.js";
import { sharedRateLimitTransport } from "./shared-rate-limit.js";

export interface QueueWorkerOptions {
  /** `redis://HOST:PORT/NAME` or a parsed address. */
  queue: string | QueueAddress;
  /** The same trajectory options as `runSimulation`; they must hash to the queue's config. */
  simulation: Omit<SimulationOptions, "signal" | "transport">;
  graph?: TrajectoryGraphBuilder;
  /** Trajectory checks as in `runSimulation` (duplicate checks run in the collector, which sees the whole run). */
  verify?: VerifierOptions | false;
  /** Tasks in flight in this worker (default 4). */
  concurrency?: number;
  /** A job's lock; a dead worker's jobs return to the queue within about twice this (default 30 s). */
  lockDurationMs?: number;
  /** Times a job may be taken back from dead workers before it fails for good (default 3). */
  maxStalledCount?: number;
  retry?: RetryPolicy | false;
  /** Requests/tokens per minute over all workers together; default: the limits stored at enqueue. */
  rateLimits?: RateLimits;
  /** This worker's own budgets; the tighter of these and the queue's apply (shared counters). */
  budgets?: QueueRun["budgets"];
  /** Prices per million tokens; default: the table stored at enqueue. */
  prices?: PriceTable;
  maxConsecutiveFailures?: number;
  progress?: boolean | "auto" | ProgressReporter;
  drain?: AbortSignal;
  signal?: AbortSignal;
}

export interface QueueWorkerSummary extends RunSummary {
  queue: string;
  configHash: string;
  /** Set when a shared budget or target ended the run for every worker. */
  sharedStopReason?: string;
}

/**
 * One worker of a queued run: the ordinary runner (retries, checks, ledger) fed by the queue
 * and handing records back to it. It refuses a queue whose run config differs from its own,
 * and returns when no task is left (or a shared budget is met, or it is drained).
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  const address = typeof options.queue === "string" ? parseQueueAddress(options.queue) : options.queue;
  const config = simulationConfig(options.simulation, { graph: options.graph, verify: options.verify });
  const hash = configHash(config);
  const connection = await openQueueConnection(address);
  const workDir = await mkdtemp(join(tmpdir(), "button-worker-"));
  try {
    const run = await requireQueueRun(connection);
    assertSameConfig(run, config, hash, address.text, "this worker's flags give");
    let total: QueueWorkerSummary | undefined;
    for (let session = 0; ; session++) {
      const { summary, source } = await runSession(connection, run, config, options, join(workDir, `session-${session}`));
      total = total ? mergeSummaries(total, summary) : { ...summary, queue: address.text, configHash: hash };
      total.sharedStopReason ??= source.stopReason;
      // A task that failed in transport came back to this worker: go on in a fresh session.
      if (!source.needsNewSession || summary.status !== "completed" || options.drain?.aborted || options.signal?.aborted) break;
    }
    return total;
  } finally {
    await connection.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runSession(
  connection: QueueConnection,
  run: QueueRun,
  config: Record<string, unknown>,
  options: QueueWorkerOptions,
  workDir: string,
): Promise<{ summary: RunSummary; source: QueueTaskSource }> {
  const concurrency = options.concurrency ?? RUN_DEFAULTS.concurrency;
  const shouldStop = sharedStop(tighterBudgets(run, options.budgets), () => readSharedCounters(connection), async (reason) => {
    await connection.redis.hsetnx(connection.keys.run, "stop_reason", reason);
  });
  const source: QueueTaskSource = new QueueTaskSource(connection, {
    concurrency,
    lockDurationMs: options.lockDurationMs,
    maxStalledCount: options.maxStalledCount,
    shouldStop,
    passThrough: (record) => sinks.rejected.write(record),
    onError: (error) => process.stderr.write(`queue worker: ${error.message}\n`),
  });
  const onWritten = (taskId: string, outcome: "accepted" | "rejected") => source.complete(taskId, { task_id: taskId, accepted: outcome === "accepted" });
  const onRetryable = (taskId: string, error: Error) => source.fail(taskId, error);
  const sinks = {
    accepted: new QueueRecordSink(connection, "accepted", onWritten, onRetryable),
    rejected: new QueueRecordSink(connection, "rejected", onWritten, onRetryable),
  };
  const rateLimits = options.rateLimits ?? run.rate_limits;
  const cancel = new AbortController();
  const onAbort = () => cancel.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const limiter =
    rateLimits && (rateLimits.requestsPerMinute || rateLimits.tokensPerMinute)
      ? sharedRateLimitTransport({ connection, limits: rateLimits, signal: cancel.signal })
      : undefined;
  const simulation = options.simulation;
  const graph = options.graph;
  try {
    const summary = await runSimulation({
      tasks: source,
      outDir: workDir,
      processor: (task, context) => {
        const settings = { ...simulation, signal: context.signal, transport: composeTransports(context.transport, limiter) };
        return graph ? graph.simulate(task, settings) : simulateTask(task, settings);
      },
      // The duplicate checks need every record of the run: the collector runs them.
      verify: options.verify === false ? false : { ...options.verify, dedup: false },
      config,
      roleModels: simulationRoleModels(simulation),
      prices: options.prices ?? run.prices,
      concurrency,
      retry:
        options.retry === false
          ? false
          : {
              ...options.retry,
              onRetry: (event) => {
                void connection.redis.hincrby(connection.keys.retries, event.reason, 1).catch(() => undefined);
                if (options.retry) options.retry.onRetry?.(event);
              },
            },
      maxConsecutiveFailures: options.maxConsecutiveFailures,
      sinks,
      progress: options.progress ?? false,
      drain: options.drain,
      signal: cancel.signal,
      // Each worker's own manifest is scratch; the collector writes the run's.
      manifestIntervalMs: 60_000,
    });
    return { summary, source };
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await source.shutdown();
  }
}

function mergeSummaries(total: QueueWorkerSummary, next: RunSummary): QueueWorkerSummary {
  const counts = { ...total.counts };
  for (const key of ["done", "accepted", "rejected", "invalid", "resumed_skips", "duplicates", "failed"] as const) counts[key] += next.counts[key];
  counts.rejected_by_reason = { ...total.counts.rejected_by_reason };
  for (const [reason, count] of Object.entries(next.counts.rejected_by_reason)) counts.rejected_by_reason[reason] = (counts.rejected_by_reason[reason] ?? 0) + count;
  const retries = { ...total.retries };
  for (const [reason, count] of Object.entries(next.retries)) retries[reason] = (retries[reason] ?? 0) + count;
  const elapsedMs = total.elapsedMs + next.elapsedMs;
  return {
    ...total,
    status: next.status,
    stopReason: next.stopReason,
    counts,
    usage: next.usage,
    retries,
    elapsedMs,
    recordsPerSecond: elapsedMs > 0 ? Math.round((counts.done / elapsedMs) * 1_000_000) / 1000 : 0,
    warnings: [...total.warnings, ...next.warnings].slice(0, 100),
    failedIds: [...total.failedIds, ...next.failedIds].slice(0, 100),
    error: next.error ?? total.error,
  };
}

function tighterBudgets(run: QueueRun, own: QueueRun["budgets"] = {}): QueueRun {
  const tighter = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  return {
    ...run,
    budgets: {
      max_tokens: tighter(run.budgets.max_tokens, own.max_tokens),
      max_cost: tighter(run.budgets.max_cost, own.max_cost),
      target: tighter(run.budgets.target, own.target),
    },
  };
}

/** The shared budgets and target, checked against the counters all workers add to. */
function sharedStop(
  run: QueueRun,
  counters: () => ReturnType<typeof readSharedCounters>,
  announce: (reason: string) => Promise<void>,
): (() => Promise<string | undefined>) | undefined {
  const { max_tokens: maxTokens, max_cost: maxCost, target } = run.budgets;
  if (maxTokens === undefined && maxCost === undefined && target === undefined) return undefined;
  if (maxCost !== undefined && !run.prices) {
    throw new UserError("the queue has a cost budget but no price table; enqueue again with --prices", { field: "prices", code: "invalid-config" });
  }
  return async () => {
    const now = await counters();
    if (now.stopReason) return now.stopReason;
    const reason =
      target !== undefined && now.accepted >= target
        ? "target-reached"
        : maxTokens !== undefined && now.tokens >= maxTokens
          ? "token-budget"
          : maxCost !== undefined && now.cost >= maxCost
            ? "cost-budget"
            : undefined;
    if (reason) await announce(reason);
    return reason;
  };
}
