import type { TaskRecord } from "../../schema/task.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { TransferredError } from "./error-transfer.js";
import type { WorkerSetup } from "./worker-setup.js";

/** The numeric part of a retry policy: what a child needs to retry its own calls. */
export interface TransferredRetryPolicy {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
}

/** Parent → child. */
export type ParentMessage =
  | {
      type: "init";
      setup: WorkerSetup;
      runId: string;
      tracing?: { tags?: string[]; metadata?: Record<string, unknown> };
      retry: TransferredRetryPolicy | false;
      /** Ask the parent for a permit before every model call (shared rate limits). */
      gate: boolean;
    }
  | { type: "task"; id: number; task: TaskRecord }
  | { type: "cancel"; id: number }
  | { type: "permit"; callId: number; error?: TransferredError };

/** Child → parent. */
export type ChildMessage =
  /** Listening: messages sent before this could be lost while the child still loads its modules. */
  | { type: "booted" }
  | { type: "ready"; config: Record<string, unknown> }
  | { type: "setup-failed"; error: TransferredError }
  /** The child began the task: from here a crash counts as one of its attempts. */
  | { type: "started"; id: number }
  | { type: "result"; id: number; record: TrajectoryRecord }
  | { type: "failure"; id: number; error: TransferredError }
  | { type: "ask-permit"; id: number; callId: number; role: string }
  | { type: "settle"; callId: number; tokens: number }
  | { type: "retry"; role: string; attempt: number; delayMs: number; reason: string };
