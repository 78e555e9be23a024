import type { TrajectoryRecord } from "../schema/trajectory.js";

/**
 * Where finished records go. The first sinks append to local JSONL files; a queue or database
 * sink fits the same shape. `write` resolves once the record is durable enough that a crash
 * of this process cannot lose it.
 */
export interface RecordSink {
  write(record: TrajectoryRecord): Promise<void>;
  close(): Promise<void>;
}
