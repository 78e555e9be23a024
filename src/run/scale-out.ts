/**
 * The queue API for library users, loaded on first use: importing the library never loads
 * BullMQ or ioredis, so single-process runs need neither a Redis nor its client.
 */
import type { CollectOptions, CollectSummary, EnqueueOptions, EnqueueSummary, QueueWorkerOptions, QueueWorkerSummary } from "./queue/index.js";

export type { CollectOptions, CollectSummary, EnqueueOptions, EnqueueSummary, QueueWorkerOptions, QueueWorkerSummary, QueueRun } from "./queue/index.js";

/** Put every task on a queue once, with the run config (see docs/scale-out.md). */
export async function enqueueTasks(options: EnqueueOptions): Promise<EnqueueSummary> {
  return (await import("./queue/index.js")).enqueueTasks(options);
}

/** One worker of a queued run: simulate tasks from the queue until none is left. */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  return (await import("./queue/index.js")).runQueueWorker(options);
}

/** Write a queued run's records into a run directory; restartable, exits when every task is written. */
export async function collectQueue(options: CollectOptions): Promise<CollectSummary> {
  return (await import("./queue/index.js")).collectQueue(options);
}
