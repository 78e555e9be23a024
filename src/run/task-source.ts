import type { UserError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";

/** Where an entry came from, for error messages and rejection records. */
export interface SourcePosition {
  /** A file path, a queue name, … */
  origin?: string;
  line?: number;
}

/** One entry drawn from a source: a valid task, or an input that could not be read as one. */
export type SourceEntry =
  | { kind: "task"; task: TaskRecord; position: SourcePosition }
  | {
      kind: "invalid";
      /** The id the input declared, or a stable hash of its raw text, so resumes agree. */
      id: string;
      error: UserError;
      position: SourcePosition;
    };

/**
 * Where a run takes its work from. The first source reads a local JSONL file; a queue-backed
 * source (BullMQ) fits the same shape, so nothing downstream may assume files.
 */
export interface TaskSource {
  /** Entries in input order. Reading stops early when the consumer stops iterating. */
  entries(): AsyncIterable<SourceEntry>;
  /** How many entries there are, when cheap to know (for progress ETA). */
  count?(): Promise<number | undefined>;
  /** Text that identifies the input in the manifest (a path, a queue name). */
  readonly description: string;
}
