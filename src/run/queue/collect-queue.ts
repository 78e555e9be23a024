import { UserError } from "../../errors.js";
import type { TrajectoryRecord, Verdict } from "../../schema/trajectory.js";
import { createDuplicateChecks } from "../../verify/checks/duplicate-checks.js";
import type { TrajectoryCheck } from "../../verify/trajectory-check.js";
import { systemClock } from "../clock.js";
import { JsonlRecordSink } from "../jsonl-record-sink.js";
import { resolveProgressReporter, type ProgressReporter } from "../progress-reporter.js";
import { failedTaskRecord } from "../rejection-record.js";
import { RunTally } from "../run-counts.js";
import { ensureRunDirectory } from "../run-directory.js";
import { readManifest, type RunManifest, type RunStatus, type StopReason } from "../run-manifest.js";
import { manifestWarnings, RunManifestWriter } from "../run-manifest-writer.js";
import { RUN_DEFAULTS, type RunSummary } from "../run-options.js";
import { earlierRecords, holdsRecords, repairTornTails, replayRecords } from "../run-resume.js";
import { RunWarnings } from "../run-warnings.js";
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
  const hasRecords = await holdsRecords(paths);
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

  const warnings = new RunWarnings(run.warnings);
  const warn = warnings.add;
  await repairTornTails(paths, warn, "collector");

  const tally = new RunTally(new UsageLedger({ prices: run.prices, roleModels: run.role_models }));
  const { counts, ledger, doneIds } = tally;
  counts.duplicates = run.duplicates;
  const dedup = duplicateChecks(run);
  await replayRecords(
    earlierRecords(paths, (file, line) => warn(`${file}:${line}: not a JSON record; ignored`)),
    {
      doneIds,
      replay: (record, accepted) => tally.replay(record, accepted),
      remember: (record) => dedup.forEach((check) => check.remember?.(record)),
    },
  );

  const sinks = { accepted: new JsonlRecordSink(paths.trajectories), rejected: new JsonlRecordSink(paths.rejected) };
  const startTime = performance.now();
  let redelivered = 0;
  let total: number | undefined;
  let stopReason: StopReason | undefined;
  const failedIds: string[] = [];
  let retries: Record<string, number> = {};

  const manifest = new RunManifestWriter({
    path: paths.manifest,
    input: run.input,
    extra: { queue: address.text },
    config: run.config,
    configHash: run.config_hash,
    previous,
    state: async () => {
      retries = Object.fromEntries(Object.entries(await redis.hgetall(keys.retries)).map(([reason, count]) => [reason, Number(count)]));
      return {
        counts,
        usage: ledger.summary(),
        retries,
        warnings: manifestWarnings(warnings.list, ledger.unpricedModels),
        sessionRecords: tally.sessionDone,
        stopReason,
      };
    },
    onError: warn,
  });
  await manifest.save("running");

  const reporter = resolveProgressReporter(options.progress);
  const snapshot = () => tally.snapshot({ total, totalIsTarget: false, elapsedMs: performance.now() - startTime });
  manifest.refreshEvery(options.manifestIntervalMs ?? RUN_DEFAULTS.manifestIntervalMs);
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
    tally.add(record, accepted);
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
    manifest.stopRefreshing();
    await flush().catch(() => undefined);
  }
  manifest.endSession();
  const status: RunStatus = stopReason === "input-exhausted" || stopReason === "target-reached" ? "completed" : "stopped";
  await manifest.save(status);
  reporter?.stop(snapshot());
  const elapsedMs = performance.now() - startTime;
  const final = await manifest.build(status);
  return {
    outDir: options.outDir,
    queue: address.text,
    status,
    stopReason,
    counts,
    usage: ledger.summary(),
    retries,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: elapsedMs > 0 ? round((tally.sessionDone / elapsedMs) * 1000) : 0,
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




function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
