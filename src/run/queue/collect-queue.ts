import { UserError } from "../../errors.js";
import type { TrajectoryRecord, Verdict } from "../../schema/trajectory.js";
import { createDuplicateChecks } from "../../verify/checks/duplicate-checks.js";
import type { TrajectoryCheck } from "../../verify/trajectory-check.js";
import { systemClock } from "../clock.js";
import { JsonlRecordSink } from "../jsonl-record-sink.js";
import { defaultProgress, type ProgressReporter, type ProgressSnapshot } from "../progress-reporter.js";
import { failedTaskRecord } from "../rejection-record.js";
import { ensureRunDirectory, readRecordedLines, repairTornTail } from "../run-directory.js";
import { readManifest, writeManifest, type RunCounts, type RunManifest, type RunStatus, type StopReason } from "../run-manifest.js";
import type { RunSummary } from "../run-simulation.js";
import { runVersions } from "../run-versions.js";
import { UsageLedger } from "../usage-ledger.js";
import { parseQueueAddress, type QueueAddress } from "./queue-address.js";
import { openQueueConnection, type QueueConnection } from "./queue-connection.js";
import { readSharedCounters, requireQueueRun, type QueueJobData, type QueueRun } from "./queue-run.js";

export interface CollectOptions {
  /** `redis://HOST:PORT/NAME` or a parsed address. */
  queue: string | QueueAddress;
  /** The run directory: trajectories.jsonl, rejected.jsonl, manifest.json. */
  outDir: string;
  /** `true`/`"auto"`: a bar on a TTY, lines otherwise (with the queue's counts); `false`: silent. */
  progress?: boolean | "auto" | ProgressReporter;
  /** Stop collecting (what is written stays; start the collector again to go on). */
  drain?: AbortSignal;
  /** How long to wait between looks at an idle queue (default 250 ms). */
  pollMs?: number;
  /** How often manifest.json is refreshed while collecting (default 5 s). */
  manifestIntervalMs?: number;
  onRecord?: (record: TrajectoryRecord, accepted: boolean) => void;
}

export interface CollectSummary extends RunSummary {
  queue: string;
  /** Records that arrived for a task already written (a redelivery), dropped. */
  redelivered: number;
}

type QueueManifest = RunManifest & { queue?: string };

const BATCH = 500;

/**
 * Write a queued run's records into a run directory, exactly as a single-process run would:
 * each task id once, in trajectories.jsonl or rejected.jsonl, with the ledger summed over all
 * workers. It can be killed and started again: it reads what it wrote, and a record is taken
 * off the queue's results stream only after it is on disk. It returns when every task on the
 * queue is in one of the two files (or a shared budget stopped the workers and nothing is left
 * in flight).
 */
export async function collectQueue(options: CollectOptions): Promise<CollectSummary> {
  const address = typeof options.queue === "string" ? parseQueueAddress(options.queue) : options.queue;
  const connection = await openQueueConnection(address);
  try {
    const run = await requireQueueRun(connection);
    return await collect(connection, run, options);
  } finally {
    await connection.close();
  }
}

async function collect(connection: QueueConnection, run: QueueRun, options: CollectOptions): Promise<CollectSummary> {
  const { redis, keys, queue, address } = connection;
  const paths = await ensureRunDirectory(options.outDir);
  const previous = (await readManifest(paths.manifest)) as QueueManifest | undefined;
  const hasRecords = (await firstRecord(paths.trajectories)) || (await firstRecord(paths.rejected));
  if (previous && (previous.config_hash !== run.config_hash || (previous.queue !== undefined && previous.queue !== address.text))) {
    throw new UserError(
      `${paths.dir} holds a run with config hash ${previous.config_hash}${previous.queue ? ` from queue ${previous.queue}` : ""}, ` +
        `but queue ${address.text} has config hash ${run.config_hash}. Collect into another --out directory.`,
      { file: paths.manifest, field: "config_hash", code: "config-mismatch" },
    );
  }
  if (!previous && hasRecords) {
    throw new UserError(`${paths.dir} already holds records that are not from a collected queue; choose another --out directory.`, {
      code: "invalid-config",
    });
  }

  const warnings: string[] = [...run.warnings];
  const warn = (text: string) => {
    if (warnings.length < 100) warnings.push(text);
  };
  for (const file of [paths.trajectories, paths.rejected]) {
    const dropped = await repairTornTail(file);
    if (dropped > 0) warn(`${file}: removed a torn last line (${dropped} bytes) left by an interrupted collector`);
  }

  const ledger = new UsageLedger({ prices: run.prices, roleModels: run.role_models });
  const counts: RunCounts & { failed: number } = {
    done: 0,
    accepted: 0,
    rejected: 0,
    invalid: 0,
    resumed_skips: 0,
    duplicates: run.duplicates,
    rejected_by_reason: {},
    failed: 0,
  };
  const dedup = duplicateChecks(run);
  const doneIds = new Set<string>();
  for (const file of [paths.trajectories, paths.rejected]) {
    for await (const { record, full } of readRecordedLines(file, (line) => warn(`${file}:${line}: not a JSON record; ignored`))) {
      if (doneIds.has(record.task_id)) continue;
      doneIds.add(record.task_id);
      const accepted = file === paths.trajectories;
      if (accepted) for (const check of dedup) check.remember?.(full);
      countRecord(counts, record, accepted);
      ledger.add(record.usage, accepted);
    }
  }

  const sinks = { accepted: new JsonlRecordSink(paths.trajectories), rejected: new JsonlRecordSink(paths.rejected) };
  const versions = runVersions();
  const startedAt = new Date();
  const startTime = performance.now();
  const sessions = [...(previous?.timings.sessions ?? []), { started_at: startedAt.toISOString(), records: 0 } as RunManifest["timings"]["sessions"][number]];
  const session = sessions[sessions.length - 1]!;
  const previousElapsed = previous?.timings.elapsed_ms ?? 0;
  let sessionDone = 0;
  let sessionAccepted = 0;
  let redelivered = 0;
  let total: number | undefined;
  let stopReason: StopReason | undefined;
  const failedIds: string[] = [];
  let retries: Record<string, number> = {};

  const manifest = async (status: RunStatus): Promise<QueueManifest> => {
    retries = Object.fromEntries(Object.entries(await redis.hgetall(keys.retries)).map(([reason, count]) => [reason, Number(count)]));
    const allElapsed = previousElapsed + (performance.now() - startTime);
    return {
      manifest_version: 1,
      status,
      stop_reason: status === "running" ? undefined : stopReason,
      input: run.input,
      queue: address.text,
      config: run.config,
      config_hash: run.config_hash,
      counts: { ...counts },
      usage: ledger.summary(),
      retries,
      timings: {
        started_at: previous?.timings.started_at ?? startedAt.toISOString(),
        updated_at: new Date().toISOString(),
        elapsed_ms: Math.round(allElapsed),
        sessions,
        records_per_second: allElapsed > 0 ? round((sessions.reduce((sum, item) => sum + item.records, 0) / allElapsed) * 1000) : 0,
      },
      versions,
      warnings: [...warnings, ...[...ledger.unpricedModels].map((model) => `no price for model '${model}'; cost is not known`)],
    };
  };
  let manifestWrite: Promise<void> = Promise.resolve();
  const saveManifest = (status: RunStatus) => {
    manifestWrite = manifestWrite
      .then(async () => writeManifest(paths.manifest, await manifest(status)))
      .catch((error) => warn(`could not write manifest: ${(error as Error).message}`));
    return manifestWrite;
  };
  await saveManifest("running");

  const reporter = progressReporter(options.progress);
  const snapshot = (): ProgressSnapshot => ({
    done: counts.done,
    accepted: counts.accepted,
    rejected: counts.rejected,
    total,
    totalIsTarget: false,
    sessionDone,
    sessionAccepted,
    elapsedMs: performance.now() - startTime,
    tokens: ledger.totalTokens,
    cost: ledger.totalCost,
  });
  const manifestTicker = setInterval(() => void saveManifest("running"), options.manifestIntervalMs ?? 5_000);
  manifestTicker.unref();
  let lastQueueLine = -Infinity;

  const write = async (record: TrajectoryRecord, accepted: boolean) => {
    if (doneIds.has(record.task_id)) {
      redelivered++;
      return;
    }
    if (dedup.length > 0 && (record.reason === undefined || record.reason.startsWith("verification: "))) {
      record = checkDuplicates(record, dedup);
      accepted = record.reason === undefined;
    }
    await (accepted ? sinks.accepted : sinks.rejected).write(record);
    doneIds.add(record.task_id);
    countRecord(counts, record, accepted);
    ledger.add(record.usage, accepted);
    sessionDone++;
    session.records++;
    if (accepted) sessionAccepted++;
    options.onRecord?.(record, accepted);
  };
  // A record leaves the stream only once its line is on disk.
  const flush = async () => {
    await sinks.accepted.close();
    await sinks.rejected.close();
  };

  try {
    for (;;) {
      const entries = (await redis.xrange(keys.results, "-", "+", "COUNT", BATCH)) as [string, string[]][];
      if (entries.length > 0) {
        for (const [, fields] of entries) {
          const entry = fieldMap(fields);
          let record: TrajectoryRecord;
          try {
            record = JSON.parse(entry.record ?? "") as TrajectoryRecord;
          } catch {
            warn(`queue ${address.text}: a result for task '${entry.task_id}' is not JSON; dropped (the task stays undone)`);
            continue;
          }
          await write(record, entry.outcome === "accepted");
        }
        await flush();
        await redis.xdel(keys.results, ...entries.map(([id]) => id));
        reporter?.update(snapshot());
        continue;
      }
      // Jobs BullMQ gave up on (a task that kept killing its workers) still need a line.
      for await (const job of failedJobs(queue)) {
        const data = job.data as QueueJobData;
        const taskId = data.kind === "task" ? data.task.id : data.id;
        if (doneIds.has(taskId)) continue;
        const reason = job.failedReason || "the job failed";
        counts.failed++;
        if (failedIds.length < 100) failedIds.push(taskId);
        warn(`task '${taskId}' failed on the queue: ${reason}`);
        await write(data.kind === "task" ? failedTaskRecord(data.task, `system: ${reason}`, reason, true) : data.record, false);
      }
      await flush();
      const state = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed");
      total = Object.values(state).reduce((sum, count) => sum + count, 0);
      reporter?.update(snapshot());
      if (reporter && performance.now() - lastQueueLine >= 10_000) {
        lastQueueLine = performance.now();
        const workers = await queue.getWorkersCount().catch(() => undefined);
        process.stderr.write(
          `[button] queue ${address.text}: ${state.waiting ?? 0} waiting, ${state.active ?? 0} active, ${state.completed ?? 0} completed, ` +
            `${state.failed ?? 0} failed${workers !== undefined ? `, ${workers} worker(s)` : ""}\n`,
        );
      }
      const pending = (state.waiting ?? 0) + (state.active ?? 0) + (state.delayed ?? 0) + (state.prioritized ?? 0);
      const inStream = await redis.xlen(keys.results);
      if (inStream === 0 && pending === 0) {
        stopReason = "input-exhausted";
        break;
      }
      const shared = await readSharedCounters(connection);
      if (shared.stopReason && inStream === 0 && (state.active ?? 0) === 0) {
        stopReason = shared.stopReason as StopReason;
        break;
      }
      if (options.drain?.aborted) {
        stopReason = "drained";
        break;
      }
      if (inStream === 0) await systemClock.sleep(options.pollMs ?? 250, options.drain).catch(() => undefined);
    }
  } finally {
    clearInterval(manifestTicker);
    await flush().catch(() => undefined);
  }
  session.ended_at = new Date().toISOString();
  const status: RunStatus = stopReason === "input-exhausted" || stopReason === "target-reached" ? "completed" : "stopped";
  await saveManifest(status);
  reporter?.stop(snapshot());
  const elapsedMs = performance.now() - startTime;
  const final = await manifest(status);
  return {
    outDir: options.outDir,
    queue: address.text,
    status,
    stopReason,
    counts,
    usage: ledger.summary(),
    retries,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: elapsedMs > 0 ? round((sessionDone / elapsedMs) * 1000) : 0,
    warnings: final.warnings,
    failedIds,
    redelivered,
  };
}

/** The run-wide duplicate checks, which no single worker can run (each sees only its share). */
function duplicateChecks(run: QueueRun): TrajectoryCheck[] {
  const verify = run.config.verify;
  if (verify === "off") return [];
  const checks = createDuplicateChecks();
  const severity = typeof verify === "object" && verify !== null ? (verify as Record<string, string>) : {};
  return checks.filter((check) => severity[check.name] !== "off");
}

/** Add the duplicate verdicts to a record the worker checked, as the single-process verifier would. */
function checkDuplicates(record: TrajectoryRecord, checks: TrajectoryCheck[]): TrajectoryRecord {
  const verdicts: Verdict[] = [];
  for (const check of checks) {
    const found = check.run(record, {});
    const problems = (Array.isArray(found) ? found : found ? [found] : []).filter((finding) => finding.ok !== true);
    if (problems.length === 0) verdicts.push({ check: check.name, ok: true, severity: check.defaultSeverity });
    for (const problem of problems) {
      verdicts.push({ check: check.name, ok: false, severity: check.defaultSeverity, detail: problem.detail ?? `${check.name} failed` });
    }
  }
  const names = new Set(verdicts.map((verdict) => verdict.check));
  const all = [...record.verdicts.filter((verdict) => !names.has(verdict.check)), ...verdicts];
  const rejections = all.filter((verdict) => !verdict.ok && verdict.severity === "reject");
  const checked: TrajectoryRecord = { ...record, verdicts: all };
  if (rejections.length === 0) {
    for (const check of checks) check.remember?.(checked);
    return checked;
  }
  return { ...checked, reason: `verification: ${rejections.map((verdict) => `${verdict.check}: ${verdict.detail}`).join("; ")}` };
}

async function* failedJobs(queue: QueueConnection["queue"]) {
  const page = 1000;
  for (let start = 0; ; start += page) {
    const jobs = await queue.getFailed(start, start + page - 1);
    yield* jobs;
    if (jobs.length < page) return;
  }
}

function fieldMap(fields: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (let index = 0; index + 1 < fields.length; index += 2) map[fields[index]!] = fields[index + 1]!;
  return map;
}

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

async function firstRecord(path: string): Promise<boolean> {
  for await (const _ of readRecordedLines(path)) return true;
  return false;
}

function progressReporter(progress: CollectOptions["progress"]): ProgressReporter | undefined {
  if (progress === false || progress === undefined) return undefined;
  if (progress === true || progress === "auto") return defaultProgress();
  return progress;
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
