import { setMaxListeners } from "node:events";
import { stat } from "node:fs/promises";
import type { Transport } from "../llm/model-call.js";
import { isModelBehaviorError, isSystemError, isUserError, UserError } from "../errors.js";
import { modelId, type SimulationOptions } from "../graphs/trajectory-graph.js";
import type { TaskRecord } from "../schema/task.js";
import { trajectoryGraph, type TrajectoryGraphBuilder } from "../graphs/trajectory-graph-builder.js";
import { createTrajectoryVerifier, rejectionReason, withVerdicts, type VerifierOptions } from "../verify/verify-trajectory.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { abortReason } from "./clock.js";
import { childSignal } from "./child-signal.js";
import { composeTransports } from "./compose-transports.js";
import { JsonlRecordSink } from "./jsonl-record-sink.js";
import { JsonlTaskSource } from "./jsonl-task-source.js";
import { retryTransport, type RetryPolicy } from "./model-retry.js";
import { defaultProgress, type ProgressReporter, type ProgressSnapshot } from "./progress-reporter.js";
import { rateLimitTransport, type RateLimits } from "./rate-limit.js";
import type { RecordSink } from "./record-sink.js";
import { failedTaskRecord, invalidInputRecord } from "./rejection-record.js";
import { dropRetryableRejections, ensureRunDirectory, readRecordedLines, repairTornTail, type RunPaths } from "./run-directory.js";
import {
  configDifferences,
  configHash,
  readManifest,
  writeManifest,
  type RunCounts,
  type RunManifest,
  type RunStatus,
  type StopReason,
} from "./run-manifest.js";
import { runVersions } from "./run-versions.js";
import type { SourceEntry, TaskSource } from "./task-source.js";
import { isOfflineModel, UsageLedger, type LedgerSummary, type PriceTable } from "./usage-ledger.js";

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
  /** Instead of `simulation`: your own way of turning a task into a record. */
  processor?: TaskProcessor;
  /**
   * Trajectory checks run on every record the graph accepts; their verdicts are stored on the
   * record, and a failed check of severity "reject" moves it to rejected.jsonl. `false` skips them.
   */
  verify?: VerifierOptions | false;
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

const MAX_WARNINGS = 100;

/**
 * The one way runs happen: stream tasks from a source through a bounded pool of workers,
 * append each finished record to trajectories.jsonl or rejected.jsonl, keep a usage ledger
 * and the manifest, and stop at a target, a budget, the end of input, or a signal.
 */
export async function runSimulation(options: RunOptions): Promise<RunSummary> {
  const concurrency = positiveInteger(options.concurrency ?? 4, "concurrency");
  if (options.target !== undefined) positiveInteger(options.target, "target");
  if (options.limit !== undefined) positiveInteger(options.limit, "limit");
  if (options.maxCost !== undefined && !options.prices) {
    throw new UserError("maxCost needs a price table: pass prices (per million tokens, by model id)", {
      field: "maxCost",
      code: "invalid-config",
    });
  }
  const processor = chooseProcessor(options);
  // Checks belong to the standard pipeline; a custom processor opts in by passing `verify`.
  const verifySettings = options.verify ?? (options.simulation ? {} : false);
  const verifier = verifySettings === false ? undefined : createTrajectoryVerifier(verifySettings);
  if (typeof options.tasks === "string" && !(await isFile(options.tasks))) {
    throw new UserError("task file not found; check the --tasks path", { file: options.tasks, code: "invalid-config" });
  }
  const source = typeof options.tasks === "string" ? new JsonlTaskSource(options.tasks) : options.tasks;
  const paths = await ensureRunDirectory(options.outDir);
  const config = options.config ?? (options.simulation ? simulationConfig(options.simulation, options) : {});
  const hash = configHash(config);
  const warnings: string[] = [];
  const warn = (text: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(text);
  };

  const roleModels = options.roleModels ?? (options.simulation ? simulationRoleModels(options.simulation) : undefined);
  if (options.maxCost !== undefined && roleModels) {
    const unpriced = [...new Set(Object.values(roleModels))].filter((model) => !options.prices?.[model] && !isOfflineModel(model));
    if (unpriced.length > 0) {
      throw new UserError(`maxCost cannot be enforced: no price for ${unpriced.map((model) => `'${model}'`).join(", ")}. Add them to the price table.`, {
        field: "prices",
        code: "invalid-config",
      });
    }
  }
  const ledger = new UsageLedger({ prices: options.prices, roleModels, stage: options.stage });
  const counts: RunCounts & { failed: number } = {
    done: 0,
    accepted: 0,
    rejected: 0,
    invalid: 0,
    resumed_skips: 0,
    duplicates: 0,
    rejected_by_reason: {},
    failed: 0,
  };
  const doneIds = new Set<string>();
  const previous = await prepareDirectory(paths, options, config, hash, warn);
  for await (const { record, full, file } of previous.records) {
    if (doneIds.has(record.task_id)) {
      warn(`${file}: task '${record.task_id}' has more than one record; keeping the first`);
      continue;
    }
    doneIds.add(record.task_id);
    // Duplicate checks must know what earlier sessions accepted, or a resume would let repeats in.
    if (verifier && file === paths.trajectories) for (const check of verifier.checks) check.remember?.(full);
    countRecord(counts, record, file === paths.trajectories);
    ledger.add(record.usage, file === paths.trajectories);
  }

  const sinks = options.sinks ?? {
    accepted: new JsonlRecordSink(paths.trajectories),
    rejected: new JsonlRecordSink(paths.rejected),
  };
  const retries: Record<string, number> = {};
  const cancel = new AbortController();
  // Every in-flight graph and retry wait listens on this signal; the default cap of 10 is for leaks, not pools.
  setMaxListeners(0, cancel.signal);
  const onCancel = () => cancel.abort(options.signal ? abortReason(options.signal) : undefined);
  options.signal?.addEventListener("abort", onCancel, { once: true });
  if (options.signal?.aborted) onCancel();

  const transport = composeTransports(
    options.retry === false
      ? undefined
      : retryTransport({
          ...options.retry,
          signal: cancel.signal,
          onRetry: (event) => {
            retries[event.reason] = (retries[event.reason] ?? 0) + 1;
            if (options.retry) options.retry.onRetry?.(event);
          },
        }),
    options.rateLimits ? rateLimitTransport({ limits: options.rateLimits, endpointOf: options.endpointOf, signal: cancel.signal }) : undefined,
  );

  const versions = runVersions();
  const startedAt = new Date();
  const startTime = performance.now();
  const sessions = [...(previous.manifest?.timings.sessions ?? []), { started_at: startedAt.toISOString(), records: 0 } as RunManifest["timings"]["sessions"][number]];
  const session = sessions[sessions.length - 1]!;
  const previousElapsed = previous.manifest?.timings.elapsed_ms ?? 0;
  let sessionDone = 0;
  let sessionAccepted = 0;
  let total: number | undefined = options.target;
  const failedIds: string[] = [];
  let fatal: unknown;
  let stopReason: StopReason | undefined;

  const snapshot = (): ProgressSnapshot => ({
    done: counts.done,
    accepted: counts.accepted,
    rejected: counts.rejected,
    total,
    totalIsTarget: options.target !== undefined,
    sessionDone,
    sessionAccepted,
    elapsedMs: performance.now() - startTime,
    tokens: ledger.totalTokens,
    cost: ledger.totalCost,
  });
  const manifest = (status: RunStatus): RunManifest => {
    const elapsed = performance.now() - startTime;
    const allElapsed = previousElapsed + elapsed;
    return {
      manifest_version: 1,
      status,
      stop_reason: status === "running" ? undefined : stopReason,
      input: source.description,
      config,
      config_hash: hash,
      counts: { ...counts },
      usage: ledger.summary(),
      retries: { ...retries },
      timings: {
        started_at: previous.manifest?.timings.started_at ?? startedAt.toISOString(),
        updated_at: new Date().toISOString(),
        elapsed_ms: Math.round(allElapsed),
        sessions,
        records_per_second: allElapsed > 0 ? round((sessions.reduce((sum, item) => sum + item.records, 0) / allElapsed) * 1000) : 0,
      },
      versions,
      warnings: [...warnings, ...[...ledger.unpricedModels].map((model) => `no price for model '${model}'; cost is not known`)],
      ...(fatal ? { error: errorText(fatal) } : {}),
    };
  };
  let manifestWrite: Promise<void> = Promise.resolve();
  const saveManifest = (status: RunStatus) => {
    const content = manifest(status);
    manifestWrite = manifestWrite.then(() => writeManifest(paths.manifest, content)).catch((error) => warn(`could not write manifest: ${errorText(error)}`));
    return manifestWrite;
  };
  await saveManifest("running");

  const reporter = progressReporter(options.progress);
  if (reporter && total === undefined) {
    const limit = options.limit;
    void source
      .count?.()
      .then((count) => {
        if (total === undefined && count !== undefined) total = limit !== undefined ? Math.min(limit, count) : count;
      })
      .catch(() => undefined);
  }
  const ticker = setInterval(() => reporter?.update(snapshot()), 1_000);
  const manifestTicker = setInterval(() => void saveManifest("running"), options.manifestIntervalMs ?? 5_000);
  ticker.unref();
  manifestTicker.unref();

  // Drawing is serialised: one entry at a time, in input order, with the stop rules applied.
  const iterator = source.entries()[Symbol.asyncIterator]();
  const seenIds = new Set<string>();
  let entriesRead = 0;
  let inFlight = 0;
  let consecutiveFailures = 0;
  let exhausted = false;
  let drawLock: Promise<unknown> = Promise.resolve();
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const stop = (reason: StopReason) => {
    stopReason ??= reason;
    notify();
  };
  options.drain?.addEventListener("abort", () => stop("drained"), { once: true });
  cancel.signal.addEventListener("abort", () => stop("aborted"), { once: true });
  if (options.drain?.aborted) stop("drained");

  const budgetStop = (): StopReason | undefined => {
    if (options.target !== undefined && counts.accepted >= options.target) return "target-reached";
    if (options.maxTokens !== undefined && ledger.totalTokens >= options.maxTokens) return "token-budget";
    if (options.maxCost !== undefined && (ledger.totalCost ?? 0) >= options.maxCost) return "cost-budget";
    return undefined;
  };

  const drawOnce = async (): Promise<SourceEntry | undefined> => {
    for (;;) {
      if (stopReason || exhausted) return undefined;
      const reason = budgetStop();
      if (reason) {
        stop(reason);
        return undefined;
      }
      // With a target, never have more in flight than could still be needed.
      if (options.target !== undefined && counts.accepted + inFlight >= options.target) {
        await changed;
        continue;
      }
      if (options.limit !== undefined && entriesRead >= options.limit) {
        stop("limit-reached");
        return undefined;
      }
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        return undefined;
      }
      entriesRead++;
      const entry = next.value;
      const id = entry.kind === "task" ? entry.task.id : entry.id;
      if (doneIds.has(id)) {
        counts.resumed_skips++;
        continue;
      }
      if (seenIds.has(id)) {
        counts.duplicates++;
        warn(`${where(entry)}: task id '${id}' appeared earlier in the input; skipped`);
        continue;
      }
      seenIds.add(id);
      if (entry.kind === "task") inFlight++;
      return entry;
    }
  };
  const draw = (): Promise<SourceEntry | undefined> => {
    const result = drawLock.then(drawOnce);
    drawLock = result.catch(() => undefined);
    return result;
  };

  const finish = async (record: TrajectoryRecord, accepted: boolean) => {
    const cost = ledger.costOf(record.usage);
    if (cost !== undefined && record.usage) record = { ...record, usage: { ...record.usage, cost: round(cost, 10) } };
    await (accepted ? sinks.accepted : sinks.rejected).write(record);
    doneIds.add(record.task_id);
    countRecord(counts, record, accepted);
    ledger.add(record.usage, accepted);
    sessionDone++;
    session.records++;
    if (accepted) sessionAccepted++;
    options.onRecord?.(record, accepted);
    reporter?.update(snapshot());
  };

  const work = async (entry: Extract<SourceEntry, { kind: "task" }>) => {
    const { task } = entry;
    let record: TrajectoryRecord;
    // Each model call adds an abort listener to the signal it is given, and adding one scans the list:
    // on the run's one signal that cost grows with the calls in flight. A signal per task keeps it flat.
    const taskSignal = childSignal(cancel.signal);
    try {
      record = await processor(task, { signal: taskSignal.signal, transport }).finally(taskSignal.dispose);
      if (record.task_id !== task.id) record = { ...record, task_id: task.id };
      if (verifier && record.reason === undefined) {
        const verification = verifier.verify(record, { task });
        record = withVerdicts(record, verification);
        const reason = rejectionReason(verification);
        if (reason) record = { ...record, reason: `verification: ${reason}` };
      }
    } catch (error) {
      if (cancel.signal.aborted) return;
      if (isModelBehaviorError(error)) {
        record = failedTaskRecord(task, error.code, error.message);
      } else if (isUserError(error)) {
        // A configuration problem (no key, bad model name) is no fault of the task: stop, record nothing.
        counts.failed++;
        if (failedIds.length < 100) failedIds.push(task.id);
        fatal ??= error;
        stop("error");
        return;
      } else {
        counts.failed++;
        consecutiveFailures++;
        if (failedIds.length < 100) failedIds.push(task.id);
        warn(`task '${task.id}' failed: ${errorText(error)}`);
        const code = isSystemError(error) ? error.code : "system";
        await finish(failedTaskRecord(task, `${code}: ${errorText(error)}`, errorText(error), true), false);
        if (consecutiveFailures >= (options.maxConsecutiveFailures ?? 10)) {
          fatal ??= error;
          stop("error");
        }
        return;
      }
    }
    consecutiveFailures = 0;
    await finish(record, record.reason === undefined);
  };

  const worker = async () => {
    try {
      await workLoop();
    } catch (error) {
      fatal ??= error;
      stop("error");
    }
  };
  const workLoop = async () => {
    for (;;) {
      const entry = await draw();
      if (!entry) return;
      if (entry.kind === "invalid") {
        warn(entry.error.message);
        await finish(invalidInputRecord(entry.id, entry.error, entry.position), false);
        continue;
      }
      try {
        await work(entry);
      } finally {
        inFlight--;
        notify();
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
  } finally {
    clearInterval(ticker);
    clearInterval(manifestTicker);
    options.signal?.removeEventListener("abort", onCancel);
    await iterator.return?.().catch(() => undefined);
    await Promise.allSettled([sinks.accepted.close(), sinks.rejected.close()]);
  }
  stopReason ??= budgetStop() ?? "input-exhausted";
  session.ended_at = new Date().toISOString();
  const status: RunStatus = fatal
    ? "failed"
    : ["input-exhausted", "target-reached", "limit-reached"].includes(stopReason)
      ? "completed"
      : "stopped";
  if (options.target !== undefined && stopReason === "input-exhausted" && counts.accepted < options.target) {
    warn(`the input ran out with ${counts.accepted} of ${options.target} accepted trajectories; add tasks and resume`);
  }
  if (counts.failed > 0) {
    warn(`${counts.failed} task(s) failed after their retries (e.g. the endpoint kept failing); they are in rejected.jsonl, and --resume tries them again`);
  }
  await saveManifest(status);
  reporter?.stop(snapshot());

  const elapsedMs = performance.now() - startTime;
  return {
    outDir: options.outDir,
    status,
    stopReason,
    counts,
    usage: ledger.summary(),
    retries,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: elapsedMs > 0 ? round((sessionDone / elapsedMs) * 1000) : 0,
    warnings: manifest(status).warnings,
    failedIds,
    ...(fatal ? { error: errorText(fatal) } : {}),
  };
}

function chooseProcessor(options: RunOptions): TaskProcessor {
  if (options.processor && options.simulation) {
    throw new UserError("pass either `processor` or `simulation` to runSimulation, not both", { field: "processor", code: "invalid-config" });
  }
  if (options.processor) return options.processor;
  const simulation = options.simulation;
  if (!simulation) {
    throw new UserError("runSimulation needs `simulation` options (models, …) or a `processor`", { field: "simulation", code: "invalid-config" });
  }
  // One compiled graph for the whole run; each task brings its own signal and transport.
  const prepared = (options.graph ?? trajectoryGraph()).prepare(simulation);
  return (task, context) => prepared.simulate(task, { signal: context.signal, transport: context.transport });
}

function simulationRoleModels(simulation: NonNullable<RunOptions["simulation"]>): Record<string, string> {
  // Every role's model, the extra ones (critic, judge, your own) included, so their tokens are priced under their own model.
  const models: Record<string, string> = {};
  for (const [role, model] of Object.entries(simulation.models)) if (model) models[role] = modelId(model);
  return models;
}

/** The settings that shape a trajectory; concurrency, budgets and targets are left out on purpose. */
function simulationConfig(simulation: NonNullable<RunOptions["simulation"]>, options: RunOptions): Record<string, unknown> {
  const protocol = simulation.protocol;
  return {
    models: simulationRoleModels(simulation),
    protocol: typeof protocol === "object" ? protocol.name : (protocol ?? "native"),
    parallel: simulation.parallel ?? true,
    max_turns: simulation.maxTurns ?? 12,
    max_retries: simulation.maxRetries ?? 2,
    seed: simulation.seed ?? 0,
    real_tools: Object.keys(simulation.realTools ?? {}).sort(),
    ...(options.graph ? { roles: options.graph.roleNames } : {}),
    ...(options.graph && Object.keys(options.graph.roleSettings).length > 0 ? { role_settings: options.graph.roleSettings } : {}),
    verify: options.verify === false ? "off" : (options.verify?.severity ?? "default"),
  };
}

interface PreviousRun {
  manifest?: RunManifest;
  records: AsyncIterable<{ record: Pick<TrajectoryRecord, "task_id" | "usage" | "reason">; full: TrajectoryRecord; file: string }>;
}

/** Check the directory against the resume rules and open the earlier records for scanning. */
async function prepareDirectory(
  paths: RunPaths,
  options: RunOptions,
  config: Record<string, unknown>,
  hash: string,
  warn: (text: string) => void,
): Promise<PreviousRun> {
  const manifest = await readManifest(paths.manifest);
  const hasRecords = (await firstRecord(paths.trajectories)) || (await firstRecord(paths.rejected));
  if (!options.resume) {
    if (manifest || hasRecords) {
      throw new UserError(`${paths.dir} already holds a run. Pass --resume to continue it, or choose another --out directory.`, {
        code: "invalid-config",
      });
    }
    return { records: empty() };
  }
  if (manifest && manifest.config_hash !== hash && !options.force) {
    const keys = configDifferences(manifest.config ?? {}, config);
    throw new UserError(
      `cannot resume: the run was started with a different config (differs in: ${keys.join(", ") || "hash"}). ` +
        `Rerun with the original settings, or pass --force to resume with the new ones.`,
      { file: paths.manifest, field: keys[0] ? `config.${keys[0]}` : "config_hash", code: "config-mismatch" },
    );
  }
  if (!manifest && hasRecords) warn(`${paths.manifest} was missing; resuming from the record files alone`);
  for (const file of [paths.trajectories, paths.rejected]) {
    const dropped = await repairTornTail(file);
    if (dropped > 0) warn(`${file}: removed a torn last line (${dropped} bytes) left by an interrupted run`);
  }
  const retried = await dropRetryableRejections(paths.rejected);
  if (retried > 0) warn(`${retried} task(s) that failed in transport last time are tried again`);
  return {
    manifest,
    records: (async function* () {
      for (const file of [paths.trajectories, paths.rejected]) {
        for await (const { record, full } of readRecordedLines(file, (line) => warn(`${file}:${line}: not a JSON record; ignored`))) {
          yield { record, full, file };
        }
      }
    })(),
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function firstRecord(path: string): Promise<boolean> {
  for await (const _ of readRecordedLines(path)) return true;
  return false;
}

async function* empty<T>(): AsyncIterable<T> {}

function countRecord(counts: RunCounts, record: Pick<TrajectoryRecord, "reason">, accepted: boolean): void {
  counts.done++;
  if (accepted) {
    counts.accepted++;
    return;
  }
  counts.rejected++;
  const reason = record.reason ?? "unknown";
  counts.rejected_by_reason[reason] = (counts.rejected_by_reason[reason] ?? 0) + 1;
  if (reason === "invalid-input") counts.invalid++;
}

function progressReporter(progress: RunOptions["progress"]): ProgressReporter | undefined {
  if (progress === false || progress === undefined) return undefined;
  if (progress === true || progress === "auto") return defaultProgress();
  return progress;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UserError(`${field} must be a positive whole number, got ${value}`, { field, code: "invalid-config" });
  }
  return value;
}

function where(entry: SourceEntry): string {
  return [entry.position.origin, entry.position.line].filter((part) => part !== undefined).join(":") || "input";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
