import type { JobsOptions } from "bullmq";
import { UserError } from "../../errors.js";
import { JsonlTaskSource } from "../jsonl-task-source.js";
import { configHash } from "../run-manifest.js";
import { invalidInputRecord } from "../rejection-record.js";
import type { TaskSource } from "../task-source.js";
import { parseQueueAddress, type QueueAddress } from "./queue-address.js";
import { openQueueConnection } from "./queue-connection.js";
import { assertSameConfig, jobIdOf, storeQueueRun, type QueueJobData, type QueueRun } from "./queue-run.js";

export interface EnqueueOptions {
  /** A JSONL task file or any task source. */
  tasks: string | TaskSource;
  /** `redis://HOST:PORT/NAME` or a parsed address. */
  queue: string | QueueAddress;
  /**
   * The run: its config (`simulationConfig(simulation, { graph, verify })` for the options the
   * workers use; the hash is computed when not given), budgets, rate limits, prices.
   */
  run: Pick<QueueRun, "config"> & Partial<Pick<QueueRun, "config_hash" | "flags" | "role_models" | "prices" | "budgets" | "rate_limits">>;
  /** Read at most this many input entries. */
  limit?: number;
  /**
   * Tries per task when a worker gives up on it in transport (the endpoint kept failing after
   * the per-call retries), 10 s, 20 s, … apart (default 3). Model-behaviour rejections are final.
   */
  attempts?: number;
  /** The first wait before such a retry, doubling after each (default 10 s). */
  retryDelayMs?: number;
  /** Jobs sent to Redis per round trip (default 500). */
  batchSize?: number;
}

export interface EnqueueSummary {
  queue: string;
  configHash: string;
  /** Entries read from the input. */
  read: number;
  /** Jobs added by this call. */
  added: number;
  /** Entries already on the queue (an earlier enqueue of the same ids). */
  alreadyQueued: number;
  /** Ids repeated within this input (skipped). */
  duplicates: number;
  /** Jobs on the queue now, in any state. */
  total: number;
}

/**
 * Put every task of the input on the queue once. The job id is the task id, so enqueuing the
 * same file twice adds nothing, and the run config is stored with the queue so that workers
 * with other settings are refused. Lines that are not tasks go on the queue with their
 * rejection record, so they end up in rejected.jsonl as in a single-process run.
 */
export async function enqueueTasks(options: EnqueueOptions): Promise<EnqueueSummary> {
  const address = typeof options.queue === "string" ? parseQueueAddress(options.queue) : options.queue;
  const source = typeof options.tasks === "string" ? new JsonlTaskSource(options.tasks) : options.tasks;
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new UserError(`limit must be a positive whole number, got ${options.limit}`, { field: "limit", code: "invalid-config" });
  }
  const connection = await openQueueConnection(address);
  try {
    const warnings: string[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let read = 0;
    let batch: { name: string; data: QueueJobData; opts: JobsOptions }[] = [];
    const before = await totalJobs(connection.queue);
    // Check the stored config before adding anything: two runs must never share a queue.
    const hash = options.run.config_hash ?? configHash(options.run.config);
    const proposed: QueueRun = {
      flags: {},
      role_models: {},
      budgets: {},
      ...options.run,
      config_hash: hash,
      input: source.description,
      created_at: new Date().toISOString(),
      duplicates: 0,
      warnings: [],
    };
    const stored = await storeQueueRun(connection, proposed);
    assertSameConfig(stored.run, options.run.config, hash, address.text, "these flags give");

    const flush = async () => {
      if (batch.length === 0) return;
      await connection.queue.addBulk(batch);
      batch = [];
    };
    for await (const entry of source.entries()) {
      if (options.limit !== undefined && read >= options.limit) break;
      read++;
      const id = entry.kind === "task" ? entry.task.id : entry.id;
      if (seen.has(id)) {
        duplicates++;
        if (warnings.length < 100) warnings.push(`${entry.position.origin ?? "input"}:${entry.position.line ?? "?"}: task id '${id}' appeared earlier in the input; skipped`);
        continue;
      }
      seen.add(id);
      const data: QueueJobData =
        entry.kind === "task"
          ? { kind: "task", task: entry.task, origin: entry.position.origin, line: entry.position.line }
          : { kind: "invalid", id, record: invalidInputRecord(id, entry.error, entry.position) };
      if (entry.kind === "invalid" && warnings.length < 100) warnings.push(entry.error.message);
      batch.push({ name: "task", data, opts: { jobId: jobIdOf(id), attempts: options.attempts ?? 3, backoff: { type: "exponential", delay: options.retryDelayMs ?? 10_000 } } });
      if (batch.length >= (options.batchSize ?? 500)) await flush();
    }
    await flush();
    if (stored.created && (duplicates > 0 || warnings.length > 0)) {
      await connection.redis.hset(connection.keys.run, "run", JSON.stringify({ ...stored.run, duplicates, warnings }));
    }
    const total = await totalJobs(connection.queue);
    const added = total - before;
    return {
      queue: address.text,
      configHash: stored.run.config_hash,
      read,
      added,
      alreadyQueued: Math.max(0, read - duplicates - added),
      duplicates,
      total,
    };
  } finally {
    await connection.close();
  }
}

async function totalJobs(queue: import("bullmq").Queue): Promise<number> {
  const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed", "waiting-children");
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
