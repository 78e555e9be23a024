/** The public surface of bottom-up construction, for `src/index.ts` to re-export. */
export { constructTasks, writeTaskFiles, type ConstructTasksOptions, type ConstructTasksResult, type ConstructionProgress, type MalformedSeed } from "../construct-tasks.js";
export { buildConstructionGraph, modelLabel, type ConstructionGraphOptions } from "../construction-graph.js";
export type { RejectedTask, ConstructionStage } from "./candidate.js";
export type { ConstructionStats } from "./construction-stats.js";
export {
  builtInStrategies,
  CompositionStrategyRegistry,
  MAX_DEPTH,
  type CompositionStrategy,
  type SubtaskSlot,
} from "./composition-strategies.js";
export { assignStrategies, parseStrategyMix, DEFAULT_STRATEGY_MIX, type StrategyMix } from "./strategy-mix.js";
export { FunctionRegistry, functionSimilarity, type FunctionRegistryOptions } from "./function-registry.js";
export { validateTask, type TaskUnderValidation } from "./validate-task.js";
export { dedupByText, DEFAULT_EMBEDDING_THRESHOLD, DEFAULT_LEXICAL_THRESHOLD, type DedupOptions } from "./scenario-dedup.js";
export {
  applyNegativeVariants,
  builtInVariants,
  irrelevanceVariant,
  missingFunctionVariant,
  missingInfoVariant,
  NegativeVariantRegistry,
  parseNegativeMix,
  type NegativeMix,
  type NegativeVariant,
  type NegativeVariantsResult,
  type VariantContext,
} from "./negative-variants.js";
