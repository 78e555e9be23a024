import { toOpenAITool } from "../schema/function-spec.js";
import { stableId } from "../schema/stable-id.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import type { UserError } from "../errors.js";
import type { SourcePosition } from "./task-source.js";

/** The rejection record for an input entry that is not a valid task. */
export function invalidInputRecord(id: string, error: UserError, position: SourcePosition): TrajectoryRecord {
  return {
    id: stableId("r", { task_id: id, reason: "invalid-input" }),
    task_id: id,
    messages: [],
    tools: [],
    parallel_tool_calls: false,
    verdicts: [{ check: "task-valid", ok: false, severity: "reject", detail: error.message }],
    reason: "invalid-input",
    meta: { source: position.origin, line: position.line, field: error.field, error: error.message },
  };
}

/**
 * The rejection record for a task whose processor gave up: with a model-behaviour error, or
 * (`retryable`) with a transport failure that outlived its retries — those are taken out of
 * rejected.jsonl and tried again when the run is resumed.
 */
export function failedTaskRecord(task: TaskRecord, reason: string, message: string, retryable = false): TrajectoryRecord {
  return {
    id: stableId("r", { task_id: task.id, reason }),
    task_id: task.id,
    messages: [],
    tools: task.functions.map((spec) => toOpenAITool(spec)),
    parallel_tool_calls: false,
    verdicts: [],
    reason,
    meta: { error: message, ...(retryable ? { retryable: true } : {}) },
  };
}
