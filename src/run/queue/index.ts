// Scale-out on BullMQ and Redis. Import this module lazily: it loads bullmq and ioredis.
export { parseQueueAddress, type QueueAddress } from "./queue-address.js";
export { openQueueConnection, QUEUE_PREFIX, type QueueConnection } from "./queue-connection.js";
export { jobIdOf, readQueueRun, type QueueRun, type QueueJobData, type QueueJobResult } from "./queue-run.js";
export { enqueueTasks, type EnqueueOptions, type EnqueueSummary } from "./enqueue-tasks.js";
export { runQueueWorker, type QueueWorkerOptions, type QueueWorkerSummary } from "./run-queue-worker.js";
export { collectQueue, type CollectOptions, type CollectSummary } from "./collect-queue.js";
export { QueueTaskSource, type QueueTaskSourceOptions } from "./queue-task-source.js";
export { QueueRecordSink } from "./queue-record-sink.js";
export { sharedRateLimitTransport, type SharedRateLimitOptions } from "./shared-rate-limit.js";
