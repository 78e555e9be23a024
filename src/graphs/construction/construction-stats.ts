/** Counts of what happened to the seeds and candidates of a construction run. */
export interface ConstructionStats {
  seedsRead: number;
  malformedLines: number;
  skippedFiles: number;
  scenariosBeforeDedup: number;
  scenariosAfterDedup: number;
  scenariosExpanded: number;
  atomicTasks: number;
  composedTasks: number;
  checkFailed: number;
  validationFailed: number;
  /** Answers a stage could not use even after corrective retries (or transport failures). */
  modelFailures: number;
  functionsGenerated: number;
  /** Generated functions that reused an existing near-duplicate spec instead of adding one. */
  functionsMerged: number;
  /** Generated functions identical to a known one (nothing to merge, the spec is simply shared). */
  functionsReused: number;
  tasksAccepted: number;
  tasksRejected: number;
  /** Candidates started (one scenario each); with `count`, batches run until enough tasks are written or the cap is met. */
  attempts: number;
  /** Candidates sent back once with the reason after failing the composition check or function validation. */
  feedbackRounds: number;
  /** Of those, the ones that passed the stage on the second try. */
  rescuedByFeedback: number;
  /** Written tasks that went through a feedback round. */
  tasksRescued: number;
}

export function emptyStats(): ConstructionStats {
  return {
    seedsRead: 0,
    malformedLines: 0,
    skippedFiles: 0,
    scenariosBeforeDedup: 0,
    scenariosAfterDedup: 0,
    scenariosExpanded: 0,
    atomicTasks: 0,
    composedTasks: 0,
    checkFailed: 0,
    validationFailed: 0,
    modelFailures: 0,
    functionsGenerated: 0,
    functionsMerged: 0,
    functionsReused: 0,
    tasksAccepted: 0,
    tasksRejected: 0,
    attempts: 0,
    feedbackRounds: 0,
    rescuedByFeedback: 0,
    tasksRescued: 0,
  };
}

export function addStats(left: Partial<ConstructionStats>, right: Partial<ConstructionStats>): Partial<ConstructionStats> {
  const sum: Partial<ConstructionStats> = { ...left };
  for (const [key, value] of Object.entries(right) as Array<[keyof ConstructionStats, number]>) {
    sum[key] = (sum[key] ?? 0) + value;
  }
  return sum;
}
