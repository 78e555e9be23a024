import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { stat } from "node:fs/promises";
import { mergeTracing, withRunLabels } from "../llm/run-tracing.js";
import { UserError } from "../errors.js";
import { trajectoryGraph } from "../graphs/trajectory-graph-builder.js";
import { createTrajectoryVerifier } from "../verify/verify-trajectory.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { abortReason } from "./clock.js";
import { errorText, executeTask, FailureStreak } from "./execute-task.js";
import { JsonlRecordSink } from "./jsonl-record-sink.js";
import { JsonlTaskSource } from "./jsonl-task-source.js";
import { resolveProgressReporter } from "./progress-reporter.js";
import { ProgressTicker } from "./progress-ticker.js";
import { invalidInputRecord } from "./rejection-record.js";
import { checkCostBudget, runConfig, runRoleModels } from "./run-config.js";
import { RunTally } from "./run-counts.js";
import { ensureRunDirectory } from "./run-directory.js";
import { configHash, type RunStatus } from "./run-manifest.js";
import { manifestWarnings, RunManifestWriter } from "./run-manifest-writer.js";
import { resolveRunOptions, type RunOptions, type RunSettings, type RunSummary, type TaskProcessor } from "./run-options.js";
import { badRecordLine, earlierRecords, prepareResume, replayRecords } from "./run-resume.js";
import { runTransport } from "./run-transport.js";
import { RunWarnings } from "./run-warnings.js";
import { fingerprintFile } from "./input-fingerprint.js";
import { acquireRunLock } from "./run-lock.js";
import { taskInputProblem } from "./task-input-check.js";
import { runWorkers, TaskScheduler } from "./task-scheduler.js";
import type { SourceEntry } from "./task-source.js";
import { UsageLedger } from "./usage-ledger.js";

// The contract lives beside its defaults; it is imported from here by callers and docs.
export { MAX_CONCURRENCY, RUN_DEFAULTS, type ProcessContext, type RunOptions, type RunSummary, type TaskProcessor } from "./run-options.js";
export { simulationConfig, simulationRoleModels } from "./run-config.js";

/** The first ids of tasks that failed in transport, kept for the summary. */
const MAX_FAILED_IDS = 100;
/** Statuses of a run that ended on its own terms. */
const COMPLETED = new Set(["input-exhausted", "target-reached", "limit-reached"]);

/**
 * The one way runs happen: stream tasks from a source through a bounded pool of workers,
 * append each finished record to trajectories.jsonl or rejected.jsonl, keep a usage ledger
 * and the manifest, and stop at a target, a budget, the end of input, or a signal.
 */
export async function runSimulation(options: RunOptions): Promise<RunSummary> {
  const settings = resolveRunOptions(options);
  if (typeof options.tasks === "string" && !(await isFile(options.tasks))) {
    throw new UserError("task file not found; check the --tasks path", { file: options.tasks, code: "invalid-config" });
  }
  if (!settings.lock) return runUnlocked(options, settings, []);
  const lockWarnings: string[] = [];
  const lock = await acquireRunLock(options.outDir, { warn: (text) => lockWarnings.push(text), command: settings.stage });
  try {
    return await runUnlocked(options, settings, lockWarnings);
  } finally {
    await lock.release();
  }
}

async function runUnlocked(options: RunOptions, settings: RunSettings, earlyWarnings: string[]): Promise<RunSummary> {
  const { stopRules } = settings;
  const runId = options.runId ?? randomUUID();
  const processor = chooseProcessor(options, runId);
  // Checks belong to the standard pipeline; a custom processor opts in by passing `verify`.
  const verifySettings = options.verify ?? (options.simulation ? {} : false);
  const verifier = verifySettings === false ? undefined : createTrajectoryVerifier(verifySettings);
  const tasksFile = typeof options.tasks === "string" ? options.tasks : undefined;
  const source = tasksFile !== undefined ? new JsonlTaskSource(tasksFile) : (options.tasks as Exclude<RunOptions["tasks"], string>);
  const paths = await ensureRunDirectory(options.outDir);
  const config = runConfig(options);
  const hash = configHash(config);
  const warnings = new RunWarnings(earlyWarnings);
  const warn = warnings.add;
  const inputFingerprint = tasksFile !== undefined ? await fingerprintFile(tasksFile) : undefined;
  const roleModels = runRoleModels(options);
  checkCostBudget(options, roleModels);

  // Earlier sessions: check the directory, then count what they wrote.
  const tally = new RunTally(new UsageLedger({ prices: options.prices, roleModels, stage: options.stage }));
  const { counts, ledger, doneIds } = tally;
  const previous = await prepareResume({ paths, resume: options.resume, force: options.force, config, configHash: hash, tasksFile, warn });
  await replayRecords(
    earlierRecords(paths, (file, line) => warn(badRecordLine(file, line))),
    {
      doneIds,
      replay: (record, accepted) => tally.replay(record, accepted),
      // Duplicate checks must know what earlier sessions accepted, or a resume would let repeats in.
      remember: verifier ? (record) => verifier.checks.forEach((check) => check.remember?.(record)) : undefined,
      onRepeat: (file, taskId) => warn(`${file}: task '${taskId}' has more than one record; keeping the first`),
    },
  );

  const sinks = options.sinks ?? { accepted: new JsonlRecordSink(paths.trajectories), rejected: new JsonlRecordSink(paths.rejected) };
  const retries: Record<string, number> = {};
  const cancel = new AbortController();
  // Every in-flight graph and retry wait listens on this signal; the default cap of 10 is for leaks, not pools.
  setMaxListeners(0, cancel.signal);
  const onCancel = () => cancel.abort(options.signal ? abortReason(options.signal) : undefined);
  options.signal?.addEventListener("abort", onCancel, { once: true });
  if (options.signal?.aborted) onCancel();
  const transport = runTransport({ retry: options.retry, rateLimits: options.rateLimits, endpointOf: options.endpointOf, signal: cancel.signal, retries });

  const startTime = performance.now();
  const failedIds: string[] = [];
  let fatal: unknown;
  const scheduler = new TaskScheduler({
    entries: source.entries(),
    rules: stopRules,
    totals: () => ({ accepted: counts.accepted, tokens: ledger.totalTokens, cost: ledger.totalCost }),
    doneIds,
    counts,
    warn,
    drain: options.drain,
    cancel: cancel.signal,
  });
  const stop = (error: unknown) => {
    fatal ??= error;
    scheduler.stop("error");
  };

  const manifest = new RunManifestWriter({
    path: paths.manifest,
    input: source.description,
    inputFingerprint,
    config,
    configHash: hash,
    previous,
    runId,
    state: () => ({
      counts,
      usage: ledger.summary(),
      retries,
      warnings: manifestWarnings(warnings.list, ledger.unpricedModels),
      sessionRecords: tally.sessionDone,
      stopReason: scheduler.stopReason,
      error: fatal ? errorText(fatal) : undefined,
    }),
    onError: warn,
  });
  await manifest.save("running");

  const reporter = resolveProgressReporter(options.progress);
  let total = stopRules.target;
  if (reporter && total === undefined) {
    void source
      .count?.()
      .then((count) => {
        if (total === undefined && count !== undefined) total = stopRules.limit !== undefined ? Math.min(stopRules.limit, count) : count;
      })
      .catch(() => undefined);
  }
  const progress = new ProgressTicker(
    reporter,
    () => tally.snapshot({ total, totalIsTarget: stopRules.target !== undefined, elapsedMs: performance.now() - startTime }),
    settings.progressIntervalMs,
  );
  manifest.refreshEvery(settings.manifestIntervalMs);

  const finish = async (record: TrajectoryRecord, accepted: boolean) => {
    const cost = ledger.costOf(record.usage);
    if (cost !== undefined && record.usage) record = { ...record, usage: { ...record.usage, cost: round(cost, 10) } };
    await (accepted ? sinks.accepted : sinks.rejected).write(record);
    tally.add(record, accepted);
    options.onRecord?.(record, accepted);
    progress.update();
  };

  const failures = new FailureStreak(settings.maxConsecutiveFailures);
  const execution = { processor, verifier, judge: options.judge, signal: cancel.signal, transport };
  const handle = async (entry: SourceEntry) => {
    if (entry.kind === "invalid") {
      warn(entry.error.message);
      await finish(invalidInputRecord(entry.id, entry.error, entry.position), false);
      return;
    }
    const { task } = entry;
    const problem = taskInputProblem(task, { file: entry.position.origin, line: entry.position.line });
    if (problem) {
      warn(problem.message);
      await finish(invalidInputRecord(task.id, problem, entry.position), false);
      return;
    }
    const outcome = await executeTask(task, execution);
    if (outcome.kind === "cancelled") return;
    if (outcome.kind === "finished") {
      failures.success();
      await finish(outcome.record, outcome.accepted);
      return;
    }
    counts.failed++;
    if (failedIds.length < MAX_FAILED_IDS) failedIds.push(task.id);
    if (outcome.kind === "fatal") {
      // A configuration problem (no key, bad model name) is no fault of the task: stop, record nothing.
      stop(outcome.error);
      return;
    }
    const limitReached = failures.failure();
    warn(`task '${task.id}' failed: ${errorText(outcome.error)}`);
    await finish(outcome.record, false);
    if (limitReached) stop(outcome.error);
  };

  try {
    await runWorkers(scheduler, settings.concurrency, handle, (error) => (fatal ??= error));
  } finally {
    progress.dispose();
    manifest.stopRefreshing();
    options.signal?.removeEventListener("abort", onCancel);
    await scheduler.close();
    await Promise.allSettled([sinks.accepted.close(), sinks.rejected.close()]);
  }
  const stopReason = scheduler.finalStopReason();
  scheduler.stop(stopReason);
  manifest.endSession();
  const status: RunStatus = fatal ? "failed" : COMPLETED.has(stopReason) ? "completed" : "stopped";
  if (stopRules.target !== undefined && stopReason === "input-exhausted" && counts.accepted < stopRules.target) {
    warn(`the input ran out with ${counts.accepted} of ${stopRules.target} accepted trajectories; add tasks and resume`);
  }
  if (counts.failed > 0) {
    warn(`${counts.failed} task(s) failed after their retries (e.g. the endpoint kept failing); they are in rejected.jsonl, and --resume tries them again`);
  }
  await manifest.save(status);
  progress.finish();

  const elapsedMs = performance.now() - startTime;
  return {
    outDir: options.outDir,
    status,
    stopReason,
    counts,
    usage: ledger.summary(),
    retries,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: elapsedMs > 0 ? round((tally.sessionDone / elapsedMs) * 1000) : 0,
    warnings: manifestWarnings(warnings.list, ledger.unpricedModels),
    failedIds,
    ...(fatal ? { error: errorText(fatal) } : {}),
  };
}

function chooseProcessor(options: RunOptions, runId: string): TaskProcessor {
  if (options.processor && options.simulation) {
    throw new UserError("pass either `processor` or `simulation` to runSimulation, not both", { field: "processor", code: "invalid-config" });
  }
  if (options.processor) return options.processor;
  const simulation = options.simulation;
  if (!simulation) {
    throw new UserError("runSimulation needs `simulation` options (models, …) or a `processor`", { field: "simulation", code: "invalid-config" });
  }
  // One compiled graph for the whole run; each task brings its own signal and transport.
  const tracing = withRunLabels(mergeTracing(simulation.tracing, options.tracing), { run_id: runId });
  const prepared = (options.graph ?? trajectoryGraph()).prepare({ ...simulation, tracing });
  return (task, context) => prepared.simulate(task, { signal: context.signal, transport: context.transport });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
