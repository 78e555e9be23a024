import { toOpenAITool } from "../../src/schema/function-spec.js";
import type { TaskRecord } from "../../src/schema/task.js";
import { addUsage, emptyUsage, type TrajectoryRecord } from "../../src/schema/trajectory.js";
import type { ProcessContext } from "../../src/run/run-simulation.js";

/**
 * A stand-in for the trajectory graph: deterministic per task, rejects every fifth task,
 * reports usage by role. `delay` lets a test keep items in flight.
 */
export function fakeProcessor(options: { delay?: (task: TaskRecord) => Promise<void> } = {}) {
  return async (task: TaskRecord, context: ProcessContext): Promise<TrajectoryRecord> => {
    await options.delay?.(task);
    context.signal.throwIfAborted();
    const number = Number(task.id.replace(/\D/g, ""));
    let usage = emptyUsage();
    usage = addUsage(usage, "user", 100 + number, 10);
    usage = addUsage(usage, "assistant", 300 + task.functions.length * 50, 40 + number % 7);
    usage = addUsage(usage, "tool", 80, 20);
    const rejected = number % 5 === 4;
    return {
      id: `traj-${task.id}`,
      task_id: task.id,
      messages: [
        { role: "user", content: task.task },
        { role: "assistant", content: "done" },
      ],
      tools: task.functions.map((spec) => toOpenAITool(spec)),
      parallel_tool_calls: true,
      verdicts: [],
      usage,
      ...(rejected ? { reason: "turn-limit" } : {}),
      meta: {},
    };
  };
}
