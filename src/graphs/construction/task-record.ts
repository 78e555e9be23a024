import { stableId } from "../../schema/stable-id.js";
import { parseTask, type TaskRecord } from "../../schema/task.js";
import type { CandidateTask, ConstructionStage, RejectedTask } from "./candidate.js";

function candidateMeta(candidate: Pick<CandidateTask, "seedId" | "expandedFrom" | "atomicTask" | "checks">, generator: string) {
  return {
    seed_id: candidate.seedId,
    ...(candidate.expandedFrom ? { expanded_from: candidate.expandedFrom } : {}),
    generator,
    atomic_task: candidate.atomicTask,
    checks: candidate.checks,
  };
}

/** The task record for a finished candidate, validated against `taskSchema` (throws a ZodError when it does not fit). */
export function toTaskRecord(candidate: CandidateTask, generator: string): TaskRecord {
  return parseTask({
    scenario: candidate.scenario,
    strategy: candidate.strategy,
    task: candidate.task,
    subtasks: candidate.subtasks,
    functions: candidate.functions,
    meta: candidateMeta(candidate, generator),
  });
}

export function toRejected(
  candidate: Partial<CandidateTask> & Pick<CandidateTask, "scenario" | "seedId">,
  stage: ConstructionStage,
  reason: string,
  generator: string,
): RejectedTask {
  const content = {
    stage,
    scenario: candidate.scenario,
    strategy: candidate.strategy,
    task: candidate.task,
    subtasks: candidate.subtasks,
    functions: candidate.functions,
  };
  return {
    id: stableId("r", { ...content, atomic: candidate.atomicTask }),
    ...content,
    reason,
    meta: candidateMeta(
      { seedId: candidate.seedId, expandedFrom: candidate.expandedFrom, atomicTask: candidate.atomicTask ?? "", checks: candidate.checks ?? {} },
      generator,
    ),
  } as RejectedTask;
}
