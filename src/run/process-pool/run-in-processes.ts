import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import { modelId } from "../../graphs/trajectory-graph.js";
import { readManifest, writeManifest } from "../run-manifest.js";
import { acquireRunLock, type RunLock } from "../run-lock.js";
import { runSimulation, simulationConfig, simulationRoleModels, type RunOptions, type RunSummary } from "../run-simulation.js";
import { ProcessPool } from "./process-pool.js";
import type { WorkerSetup } from "./worker-setup.js";

export interface ProcessRunOptions extends RunOptions {
  /** Child processes that play tasks (1: in this process, exactly `runSimulation`). */
  processes: number;
  /**
   * How each child builds the same `simulation` and `graph` this process was given (models and
   * graphs cannot be sent to another process). Checked at start: a child whose simulation config
   * differs from this process's is refused.
   */
  worker: WorkerSetup;
  /** Children a task may be in when they die before it fails as retryable (default 2). */
  maxTaskAttempts?: number;
}

/**
 * `runSimulation` with its tasks played in `processes` child processes, for runs where one
 * process's CPU is the limit. Everything else (source, resume, scheduling, checks, judge, sinks,
 * manifest, ledger, lock, budgets, rate limits) stays in this process, which alone writes, so
 * a run is exactly-once as in one process, and its output and config hash are the same.
 */
export async function runSimulationInProcesses(options: ProcessRunOptions): Promise<RunSummary> {
  const { processes, worker, maxTaskAttempts, ...runOptions } = options;
  if (processes === 1) return runSimulation(runOptions);
  refuseWhatCannotCross(options);
  const simulation = options.simulation!;
  const runId = options.runId ?? randomUUID();
  const verify = options.verify ?? {};
  const pool = await ProcessPool.start({
    processes,
    setup: worker,
    runId,
    tracing: options.tracing ? { tags: options.tracing.tags, metadata: options.tracing.metadata } : undefined,
    retry: options.retry,
    sharedRateLimits: options.rateLimits !== undefined,
    onRetry: options.retry ? (event) => options.retry && options.retry.onRetry?.({ ...event, error: undefined }) : undefined,
    maxTaskAttempts,
    expectedConfig: simulationConfig(simulation, { graph: options.graph }),
  });
  // The lock is held here, around the run and the manifest update after it: one writer throughout.
  const lockWarnings: string[] = [];
  let lock: RunLock | undefined;
  let summary: RunSummary;
  try {
    if (options.lock !== false) lock = await acquireRunLock(options.outDir, { warn: (text) => lockWarnings.push(text), command: options.stage ?? "simulate" });
    summary = await runSimulation({
      ...runOptions,
      lock: false,
      simulation: undefined,
      graph: undefined,
      processor: pool.processor,
      runId,
      // What runSimulation derives from `simulation` itself, so hash, prices and checks are the same as in one process.
      config: options.config ?? simulationConfig(simulation, { graph: options.graph, verify: options.verify, judge: options.judge }),
      roleModels: options.roleModels ?? { ...simulationRoleModels(simulation), ...(options.judge ? { judge: modelId(options.judge.model) } : {}) },
      verify,
    });
    await pool.close();
    return await withChildRetries(summary, pool.retries, lockWarnings, options);
  } finally {
    await pool.close();
    await lock?.release();
  }
}

function refuseWhatCannotCross(options: ProcessRunOptions): void {
  if (!Number.isInteger(options.processes) || options.processes < 1) {
    throw new UserError(`processes must be a positive whole number, got ${options.processes}`, { field: "processes", code: "invalid-config" });
  }
  if (options.processor) {
    throw new UserError(
      "a custom processor is a function of this process and cannot run in child processes; build the simulation in a worker setup module, or use processes: 1",
      { field: "processor", code: "invalid-config" },
    );
  }
  if (!options.simulation) {
    throw new UserError("processes > 1 needs `simulation` (the same options the worker module builds) for the config hash and prices", {
      field: "simulation",
      code: "invalid-config",
    });
  }
  if (options.tracing?.callbacks !== undefined) {
    throw new UserError(
      "tracing callbacks live in this process and cannot follow tasks into child processes; pass tags and metadata (LangSmith tracing by environment works in every child), or use processes: 1",
      { field: "tracing.callbacks", code: "invalid-config" },
    );
  }
  if (options.retry && (options.retry.clock || options.retry.random || options.retry.signal)) {
    throw new UserError("retry.clock, retry.random and retry.signal cannot cross to child processes; leave them out with processes > 1", {
      field: "retry",
      code: "invalid-config",
    });
  }
}

/** The children retried their own calls: add those retries to the summary and the manifest. */
async function withChildRetries(summary: RunSummary, childRetries: Record<string, number>, lockWarnings: string[], options: ProcessRunOptions): Promise<RunSummary> {
  if (Object.keys(childRetries).length === 0 && lockWarnings.length === 0) return summary;
  const retries = { ...summary.retries };
  for (const [reason, count] of Object.entries(childRetries)) retries[reason] = (retries[reason] ?? 0) + count;
  const path = join(options.outDir, "manifest.json");
  const manifest = await readManifest(path);
  if (manifest) {
    const sessionRetries = { ...manifest.retries };
    for (const [reason, count] of Object.entries(childRetries)) sessionRetries[reason] = (sessionRetries[reason] ?? 0) + count;
    await writeManifest(path, { ...manifest, retries: sessionRetries, warnings: [...lockWarnings, ...manifest.warnings] });
  }
  return { ...summary, retries, warnings: [...lockWarnings, ...summary.warnings] };
}
