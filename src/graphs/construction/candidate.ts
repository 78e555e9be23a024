import type { FunctionSpec } from "../../schema/function-spec.js";
import type { Subtask } from "../../schema/task.js";

/** A scenario in the pool; `order` fixes its place in the output whatever the concurrency. */
export interface ScenarioItem {
  order: number;
  text: string;
  seedId: string;
  /** The scenario this one was expanded from, if any. */
  expandedFrom?: string;
  /** Expansion round that produced it (0 for extracted scenarios). */
  round: number;
}

/** A task on its way through the stages; JSON-plain so it can live in graph state. */
export interface CandidateTask {
  order: number;
  /** The batch that started it: `--count` runs batches until enough tasks are written. */
  batch: number;
  scenario: string;
  seedId: string;
  expandedFrom?: string;
  atomicTask: string;
  strategy: string;
  task?: string;
  subtasks?: Subtask[];
  functions?: FunctionSpec[];
  /** Per sub-task id, as the function generator declared it. */
  kinds?: Record<string, "action" | "logic">;
  checks: Record<string, unknown>;
}

/** A failed stage the candidate was sent back to once, with the reason it was given. */
export interface FeedbackRound {
  stage: "composition-check" | "validation";
  reason: string;
}

/** One line of `rejected_tasks.jsonl`: as much of the candidate as was built, and why it failed. */
export interface RejectedTask {
  id: string;
  stage: ConstructionStage;
  reason: string;
  scenario: string;
  strategy?: string;
  task?: string;
  subtasks?: Subtask[];
  functions?: FunctionSpec[];
  meta: Record<string, unknown>;
}

export type ConstructionStage =
  | "extract-scenario"
  | "expand-scenarios"
  | "atomic-task"
  | "compose"
  | "composition-check"
  | "generate-functions"
  | "validation"
  | "duplicate";
