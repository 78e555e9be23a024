import { Annotation } from "@langchain/langgraph";
import type { FunctionSpec } from "../../schema/function-spec.js";
import type { TaskRecord } from "../../schema/task.js";
import type { CandidateTask, RejectedTask, ScenarioItem } from "./candidate.js";
import { addStats, type ConstructionStats } from "./construction-stats.js";

/** A seed as the graph holds it: only what the stages read. */
export interface SeedInput {
  id: string;
  text: string;
}

/** An expansion answer before deduplication; sorted by (source, position) so concurrency cannot reorder it. */
export interface ExpandedScenario {
  round: number;
  sourceOrder: number;
  position: number;
  text: string;
  seedId: string;
  expandedFrom: string;
}

const append = <T>() => ({ reducer: (left: T[], right: T[]) => left.concat(right), default: (): T[] => [] });
const replace = <T>(initial: () => T) => ({ reducer: (_left: T, right: T) => right, default: initial });

/** A scenario chosen for a candidate, with the strategy it will be composed by. */
export interface PlannedCandidate {
  scenario: ScenarioItem;
  strategy: string;
}

/** JSON-plain state of the construction graph; fan-out branches only ever append. */
export const ConstructionState = Annotation.Root({
  seeds: Annotation<SeedInput[]>(replace<SeedInput[]>(() => [])),
  /** Known functions (from earlier runs or batches); reused when a new one duplicates them. */
  functionLibrary: Annotation<FunctionSpec[]>(replace<FunctionSpec[]>(() => [])),
  extracted: Annotation<ScenarioItem[]>(append<ScenarioItem>()),
  pool: Annotation<ScenarioItem[]>(replace<ScenarioItem[]>(() => [])),
  expanded: Annotation<ExpandedScenario[]>(append<ExpandedScenario>()),
  round: Annotation<number>(replace<number>(() => 0)),
  /** Expansion rounds in a row that added nothing new; after a few, more rounds would only repeat. */
  stalledRounds: Annotation<number>(replace<number>(() => 0)),
  /** The current batch of candidates (1, 2, …); 0 before the first. */
  batch: Annotation<number>(replace<number>(() => 0)),
  /** Scenarios of the pool already given to a candidate. */
  used: Annotation<number>(replace<number>(() => 0)),
  /** Candidates started so far (capped by `maxAttempts`). */
  attempts: Annotation<number>(replace<number>(() => 0)),
  /** The scenarios and strategies of the current batch. */
  planned: Annotation<PlannedCandidate[]>(replace<PlannedCandidate[]>(() => [])),
  atomic: Annotation<CandidateTask[]>(append<CandidateTask>()),
  composed: Annotation<CandidateTask[]>(append<CandidateTask>()),
  checked: Annotation<CandidateTask[]>(append<CandidateTask>()),
  built: Annotation<CandidateTask[]>(append<CandidateTask>()),
  rejected: Annotation<RejectedTask[]>(append<RejectedTask>()),
  tasks: Annotation<TaskRecord[]>(replace<TaskRecord[]>(() => [])),
  stats: Annotation<Partial<ConstructionStats>>({ reducer: addStats, default: () => ({}) }),
});

export type ConstructionStateValue = typeof ConstructionState.State;
export type ConstructionStateUpdate = typeof ConstructionState.Update;
