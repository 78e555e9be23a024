import type { TrajectoryRecord } from "../schema/trajectory.js";

/** Where a record came from, so errors can name the file, line and field. */
export interface RecordLocation {
  file?: string;
  line?: number;
}

/**
 * One on-disk layout of function-calling conversations. `read` turns one parsed JSON record
 * into the canonical TrajectoryRecord (or throws a UserError naming the field); `write`, where
 * present, turns a canonical record back into this layout. Readers of foreign datasets
 * (τ-bench, ToolACE, xLAM) have no writer.
 */
export interface RecordFormat {
  name: string;
  description: string;
  /** True when `value` looks like a record of this format (used by `auto`). */
  detect(value: unknown): boolean;
  read(value: unknown, location?: RecordLocation): TrajectoryRecord;
  write?(record: TrajectoryRecord): Record<string, unknown>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
