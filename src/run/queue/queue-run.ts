import { UserError } from "../../errors.js";
import type { TaskRecord } from "../../schema/task.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { RateLimits } from "../rate-limit.js";
import { configDifferences } from "../run-manifest.js";
import type { PriceTable } from "../usage-ledger.js";
import type { QueueConnection } from "./queue-connection.js";

/** What `button enqueue` stores on the queue: the run's identity and its shared settings. */
export interface QueueRun {
  /** The settings that shape a trajectory (as in manifest.json), and their hash. */
  config: Record<string, unknown>;
  config_hash: string;
  /** The flags given to `button enqueue`, for the record. */
  flags: Record<string, unknown>;
  /** The task file(s) enqueued. */
  input: string;
  created_at: string;
  role_models: Record<string, string>;
  prices?: PriceTable;
  /** Budgets every worker checks against the shared counters before it takes a task. */
  budgets: { max_tokens?: number; max_cost?: number; target?: number };
  /** Requests/tokens per minute over all workers together (a worker's own flags override). */
  rate_limits?: RateLimits;
  /** Input ids that appeared more than once (skipped, as a single-process run would). */
  duplicates: number;
  /** The first warnings met while enqueuing (bad lines), for the manifest. */
  warnings: string[];
}

/** A job's data: a task to simulate, or an input line that is not a task (its rejection is already made). */
export type QueueJobData =
  | { kind: "task"; task: TaskRecord; origin?: string; line?: number }
  | { kind: "invalid"; id: string; record: TrajectoryRecord };

/** A job's return value; the record itself travels on the results stream. */
export interface QueueJobResult {
  task_id: string;
  accepted: boolean;
}

/**
 * The BullMQ job id of a task: `task-` and the id, URL-encoded. BullMQ refuses ids that are
 * whole numbers or contain ':' (its key separator), and task ids may be either.
 */
export function jobIdOf(taskId: string): string {
  return `task-${encodeURIComponent(taskId)}`;
}

export async function readQueueRun(connection: QueueConnection): Promise<QueueRun | undefined> {
  const text = await connection.redis.hget(connection.keys.run, "run");
  return text ? (JSON.parse(text) as QueueRun) : undefined;
}

/**
 * Store the run on the queue unless one is there; the stored one wins. Returns the stored run,
 * so the caller can compare hashes (two enqueues with different flags must not mix).
 */
export async function storeQueueRun(connection: QueueConnection, run: QueueRun): Promise<{ run: QueueRun; created: boolean }> {
  const created = (await connection.redis.hsetnx(connection.keys.run, "run", JSON.stringify(run))) === 1;
  if (created) return { run, created };
  return { run: (await readQueueRun(connection))!, created };
}

/** Refuse to work on (or add to) a queue whose run was started with different settings. */
export function assertSameConfig(stored: QueueRun, config: Record<string, unknown>, hash: string, queueText: string, who: string): void {
  if (stored.config_hash === hash) return;
  const keys = configDifferences(stored.config, config);
  throw new UserError(
    `queue ${queueText} holds a run with config hash ${stored.config_hash}, but ${who} config hash ${hash} ` +
      `(differs in: ${keys.join(", ") || "hash"}). Use the flags the run was enqueued with, or another queue name.`,
    { code: "config-mismatch" },
  );
}

/** A run that has not been enqueued yet cannot be worked on or collected. */
export async function requireQueueRun(connection: QueueConnection): Promise<QueueRun> {
  const run = await readQueueRun(connection);
  if (!run) {
    throw new UserError(`queue ${connection.address.text} holds no run; start it with \`button enqueue --tasks FILE --queue ${connection.address.text}\``, {
      field: "queue",
      code: "invalid-config",
    });
  }
  return run;
}

/** The shared counters workers add to as records are handed back. */
export interface SharedCounters {
  tokens: number;
  cost: number;
  accepted: number;
  stopReason?: string;
}

export async function readSharedCounters(connection: QueueConnection): Promise<SharedCounters> {
  const [tokens, cost, accepted, stopReason] = await connection.redis.hmget(connection.keys.run, "tokens", "cost", "accepted", "stop_reason");
  return { tokens: Number(tokens ?? 0), cost: Number(cost ?? 0), accepted: Number(accepted ?? 0), stopReason: stopReason ?? undefined };
}
