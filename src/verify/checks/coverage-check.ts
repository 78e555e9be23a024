import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { allCalls } from "../record-view.js";

/** With the task at hand: every sub-task that has functions had at least one of them called. */
export const coverageCheck: TrajectoryCheck = {
  name: "coverage",
  description: "every sub-task with functions had one of them called (needs the task)",
  defaultSeverity: "reject",
  run(record, context) {
    if (!context.task) return undefined;
    const called = new Set(allCalls(record).map((call) => call.function.name));
    const findings: CheckFinding[] = [];
    for (const subtask of context.task.subtasks) {
      if (subtask.functions.length === 0) continue;
      if (!subtask.functions.some((name) => called.has(name))) {
        findings.push({ detail: `sub-task '${subtask.id}' was not covered: none of ${subtask.functions.join(", ")} was called` });
      }
    }
    return findings;
  },
};
