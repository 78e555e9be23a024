import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { RecordSink } from "../record-sink.js";
import type { QueueConnection } from "./queue-connection.js";

/** The outcome a record is handed back with: which file the collector writes it to. */
export type RecordOutcome = "accepted" | "rejected";

/**
 * Hands finished records back to the collector: appends the record to the run's results
 * stream (with the shared token/cost/accepted counters in the same transaction), then lets
 * the job complete. A worker that dies between the two leaves the job to be redone, and the
 * record arrives twice; the collector keeps the first per task id. A task that failed in
 * transport after its retries (the endpoint kept failing) is not handed back but failed, so
 * the queue tries it again later, as a resume would.
 */
export class QueueRecordSink implements RecordSink {
  constructor(
    private readonly connection: QueueConnection,
    private readonly outcome: RecordOutcome,
    private readonly onWritten: (taskId: string, outcome: RecordOutcome) => void,
    private readonly onRetryable: (taskId: string, error: Error) => void,
  ) {}

  async write(record: TrajectoryRecord): Promise<void> {
    if ((record.meta as { retryable?: unknown } | undefined)?.retryable === true) {
      this.onRetryable(record.task_id, new Error(String((record.meta as { error?: unknown }).error ?? record.reason)));
      return;
    }
    const { redis, keys } = this.connection;
    const tokens = (record.usage?.total.prompt_tokens ?? 0) + (record.usage?.total.completion_tokens ?? 0);
    const transaction = redis
      .multi()
      .xadd(keys.results, "*", "task_id", record.task_id, "outcome", this.outcome, "record", JSON.stringify(record))
      .hincrby(keys.run, "tokens", tokens)
      .hincrby(keys.run, "accepted", this.outcome === "accepted" ? 1 : 0);
    if (record.usage?.cost !== undefined) transaction.hincrbyfloat(keys.run, "cost", record.usage.cost);
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error("Redis dropped the transaction that hands a record back");
    this.onWritten(record.task_id, this.outcome);
  }

  async close(): Promise<void> {}
}
