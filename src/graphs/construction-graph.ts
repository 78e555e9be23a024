import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { END, Send, START, StateGraph } from "@langchain/langgraph";
import pLimit from "p-limit";
import { isModelBehaviorError } from "../errors.js";
import { stableId } from "../schema/stable-id.js";
import { validateTask } from "./construction/validate-task.js";
import { applyRegistry } from "./construction/apply-registry.js";
import { writeAtomicTask } from "./construction/atomic-tasks.js";
import type { CandidateTask, ConstructionStage, ScenarioItem } from "./construction/candidate.js";
import { checkComposition } from "./construction/check-composition.js";
import { composeTask } from "./construction/compose-tasks.js";
import { CompositionStrategyRegistry } from "./construction/composition-strategies.js";
import {
  ConstructionState,
  type ConstructionStateUpdate,
  type ConstructionStateValue,
  type ExpandedScenario,
  type SeedInput,
} from "./construction/construction-state.js";
import { expandScenario } from "./construction/expand-scenarios.js";
import { extractScenario } from "./construction/extract-scenarios.js";
import { FunctionRegistry } from "./construction/function-registry.js";
import { assignFunctions, generateFunctions } from "./construction/generate-functions.js";
import { dedupByText } from "./construction/scenario-dedup.js";
import type { StageContext } from "./construction/stage-context.js";
import type { CallJournal, TokenUsage, Transport } from "../llm/model-call.js";
import { assignStrategies, DEFAULT_STRATEGY_MIX, type StrategyMix } from "./construction/strategy-mix.js";
import { toRejected, toTaskRecord } from "./construction/task-record.js";

export interface ConstructionGraphOptions {
  model: BaseChatModel;
  /** Target number of composite task candidates; scenarios are expanded up to it. Default: one per unique scenario. */
  count?: number;
  strategyMix?: StrategyMix;
  strategies?: CompositionStrategyRegistry;
  /** Most sub-tasks a `sequential-chain` task may have (2–4; default 4). */
  maxDepth?: number;
  /** Similarity at or above which two scenarios are duplicates (MinHash Jaccard, or cosine with embeddings). */
  dedupThreshold?: number;
  embeddings?: EmbeddingsInterface;
  /** Similarity at or above which a new function reuses a known one (default 0.6). */
  functionReuseThreshold?: number;
  /** Most model calls in flight at once (default 4). */
  concurrency?: number;
  /** Corrective retries per model call (default 2). */
  maxRetries?: number;
  /** Scenarios asked for per expansion call (default 4). */
  scenariosPerExpansion?: number;
  /** Most expansion rounds before giving up on reaching `count` (default 6). */
  maxExpansionRounds?: number;
  /** Recorded in each task's `meta.generator`. */
  generator?: string;
  signal?: AbortSignal;
  /** Wraps every model call (the runner's retries and rate limits). */
  transport?: Transport;
  /** Replays model answers of an interrupted earlier session and records new ones. */
  journal?: CallJournal;
  /** Told the tokens each stage spends. */
  onUsage?: (stage: string, usage: TokenUsage) => void;
}

type Update = ConstructionStateUpdate;

/**
 * The bottom-up construction graph (BUTTON): seeds → scenarios (deduplicated, expanded) →
 * atomic tasks → composite tasks → composition check → functions → validation and function
 * reuse. Each stage fans out with `Send` (one branch per seed, scenario or task) and joins
 * at a collecting node; model calls are bounded by `concurrency`. Output order follows the
 * scenario pool, never completion order, so reruns are byte-identical.
 */
export function buildConstructionGraph(options: ConstructionGraphOptions) {
  const context: StageContext = {
    model: options.model,
    limit: pLimit(Math.max(1, options.concurrency ?? 4)),
    maxRetries: options.maxRetries ?? 2,
    signal: options.signal,
    transport: options.transport,
    journal: options.journal,
    onUsage: options.onUsage,
  };
  const strategies = options.strategies ?? new CompositionStrategyRegistry();
  const mix = options.strategyMix ?? DEFAULT_STRATEGY_MIX;
  Object.keys(mix).forEach((name) => strategies.get(name));
  const maxDepth = options.maxDepth ?? 4;
  const generator = options.generator ?? modelLabel(options.model);
  const perExpansion = options.scenariosPerExpansion ?? 4;
  const maxRounds = options.maxExpansionRounds ?? 6;
  const vectorCache = new Map<string, number[]>();
  const dedupOptions = { threshold: options.dedupThreshold, embeddings: options.embeddings, vectorCache };

  /**
   * Run a stage; a model that cannot answer usably rejects the candidate instead of failing the
   * run. A request that still fails after the transport's retries (an outage, a bad key) is not
   * the candidate's fault: it stops the construction, and a resume asks again, with every answer
   * already received replayed from the journal, so the result is the same as without the outage.
   */
  async function guarded<T>(
    work: () => Promise<T>,
    reject: (reason: string) => Update,
  ): Promise<{ value: T } | { update: Update }> {
    try {
      return { value: await work() };
    } catch (error) {
      if (isModelBehaviorError(error)) return { update: { ...reject(`unusable model output: ${error.message}`) } };
      throw error;
    }
  }

  function rejectCandidate(candidate: Partial<CandidateTask> & Pick<CandidateTask, "scenario" | "seedId">, stage: ConstructionStage, reason: string) {
    return { rejected: [toRejected(candidate, stage, reason, generator)] };
  }

  async function extractNode(input: { seed: SeedInput; order: number }): Promise<Update> {
    const outcome = await guarded(
      () => extractScenario(context, input.seed),
      () => ({ stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    return { extracted: [{ order: input.order, text: outcome.value, seedId: input.seed.id, round: 0 }] };
  }

  async function dedupNode(state: ConstructionStateValue): Promise<Update> {
    const extracted = [...state.extracted].sort((left, right) => left.order - right.order);
    const { kept } = await dedupByText(extracted, (item) => item.text, [], dedupOptions);
    return {
      pool: kept.map((item, order) => ({ ...item, order })),
      stats: { scenariosBeforeDedup: extracted.length, scenariosAfterDedup: kept.length },
    };
  }

  function routeAfterPool(state: ConstructionStateValue): Send[] | string {
    const target = options.count;
    const pool = state.pool;
    if (target !== undefined && pool.length > 0 && pool.length < target && state.expanding && state.round < maxRounds) {
      const calls = Math.min(Math.ceil((target - pool.length) / perExpansion), pool.length);
      const start = (state.round * calls) % pool.length;
      return Array.from({ length: calls }, (_, index) => {
        const source = pool[(start + index) % pool.length]!;
        const avoid = [source.text, ...pool.filter((item) => item.expandedFrom === source.text).map((item) => item.text)];
        return new Send("expandScenario", { source, count: perExpansion, avoid, round: state.round + 1 });
      });
    }
    const chosen = target === undefined ? pool : pool.slice(0, target);
    if (chosen.length === 0) return "registerFunctions";
    const assigned = assignStrategies(mix, chosen.length);
    return chosen.map((scenario, index) => new Send("writeAtomicTask", { scenario, strategy: assigned[index]! }));
  }

  async function expandNode(input: { source: ScenarioItem; count: number; avoid: string[]; round: number }): Promise<Update> {
    const outcome = await guarded(
      () => expandScenario(context, input.source.text, input.count, input.avoid),
      () => ({ stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    const expanded: ExpandedScenario[] = outcome.value.map((text, position) => ({
      round: input.round,
      sourceOrder: input.source.order,
      position,
      text,
      seedId: input.source.seedId,
      expandedFrom: input.source.text,
    }));
    return { expanded };
  }

  async function mergeExpandedNode(state: ConstructionStateValue): Promise<Update> {
    const round = state.round + 1;
    const fresh = state.expanded
      .filter((item) => item.round === round)
      .sort((left, right) => left.sourceOrder - right.sourceOrder || left.position - right.position);
    const { kept } = await dedupByText(fresh, (item) => item.text, state.pool.map((item) => item.text), dedupOptions);
    const added: ScenarioItem[] = kept.map((item, index) => ({
      order: state.pool.length + index,
      text: item.text,
      seedId: item.seedId,
      expandedFrom: item.expandedFrom,
      round,
    }));
    return { pool: [...state.pool, ...added], round, expanding: added.length > 0, stats: { scenariosExpanded: added.length } };
  }

  async function atomicNode(input: { scenario: ScenarioItem; strategy: string }): Promise<Update> {
    const base = {
      order: input.scenario.order,
      scenario: input.scenario.text,
      seedId: input.scenario.seedId,
      expandedFrom: input.scenario.expandedFrom,
      strategy: input.strategy,
      checks: {},
    };
    const outcome = await guarded(
      () => writeAtomicTask(context, input.scenario.text),
      (reason) => ({ ...rejectCandidate(base, "atomic-task", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    return { atomic: [{ ...base, atomicTask: outcome.value }], stats: { atomicTasks: 1 } };
  }

  const fanOut = (node: string, next: string) => (items: CandidateTask[]) => {
    if (items.length === 0) return next;
    return [...items].sort((left, right) => left.order - right.order).map((candidate) => new Send(node, { candidate }));
  };

  async function composeNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const outcome = await guarded(
      () => composeTask(context, candidate.atomicTask, strategies.get(candidate.strategy), maxDepth),
      (reason) => ({ ...rejectCandidate(candidate, "compose", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    return { composed: [{ ...candidate, ...outcome.value }], stats: { composedTasks: 1 } };
  }

  async function checkNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const outcome = await guarded(
      () => checkComposition(context, candidate.task!, candidate.subtasks!),
      (reason) => ({ ...rejectCandidate(candidate, "composition-check", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    const checked = {
      ...candidate,
      checks: { ...candidate.checks, composition: outcome.value.verdict, composition_reasoning: outcome.value.reasoning },
    };
    if (outcome.value.verdict !== "yes") {
      return {
        ...rejectCandidate(checked, "composition-check", `composition check said no: ${outcome.value.reasoning}`),
        stats: { checkFailed: 1 },
      };
    }
    return { checked: [checked] };
  }

  async function functionsNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const outcome = await guarded(
      () => generateFunctions(context, candidate.task!, candidate.subtasks!),
      (reason) => ({ ...rejectCandidate(candidate, "generate-functions", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    const generated = outcome.value;
    const kinds = Object.fromEntries(generated.assignments.map((entry) => [entry.id, entry.kind]));
    const built: CandidateTask = {
      ...candidate,
      subtasks: assignFunctions(candidate.subtasks!, generated),
      functions: generated.functions,
      kinds,
    };
    const problems = validateTask({ subtasks: built.subtasks!, functions: built.functions!, kinds });
    const stats = { functionsGenerated: generated.functions.length };
    if (problems.length > 0) {
      return {
        ...rejectCandidate(built, "validation", `invalid functions: ${problems.join("; ")}`),
        stats: { ...stats, validationFailed: 1 },
      };
    }
    return { built: [{ ...built, checks: { ...built.checks, validation: "passed" } }], stats };
  }

  function registerNode(state: ConstructionStateValue): Update {
    const registry = new FunctionRegistry(state.functionLibrary, { threshold: options.functionReuseThreshold });
    const tasks = [];
    const rejected = [];
    const seen = new Set<string>();
    let merged = 0;
    let reused = 0;
    for (const candidate of [...state.built].sort((left, right) => left.order - right.order)) {
      const outcome = applyRegistry(candidate, registry);
      merged += outcome.merged.length;
      reused += outcome.reused;
      const final = outcome.merged.length > 0 ? { ...outcome.candidate, checks: { ...outcome.candidate.checks, reused_functions: outcome.merged } } : outcome.candidate;
      let record;
      try {
        record = toTaskRecord(final, generator);
      } catch (error) {
        rejected.push(toRejected(final, "validation", `task record does not fit the schema: ${(error as Error).message}`, generator));
        continue;
      }
      // The same composite task reached from two scenarios is still one task.
      const content = stableId("c", { task: record.task, subtasks: record.subtasks, functions: record.functions });
      if (seen.has(content) || seen.has(record.id)) {
        rejected.push(toRejected(final, "duplicate", `same task as an earlier one: ${record.task}`, generator));
        continue;
      }
      seen.add(content);
      seen.add(record.id);
      tasks.push(record);
    }
    return { tasks, rejected, functionLibrary: registry.all(), stats: { functionsMerged: merged, functionsReused: reused } };
  }

  return new StateGraph(ConstructionState)
    .addNode("extractScenario", extractNode)
    .addNode("dedupScenarios", dedupNode)
    .addNode("expandScenario", expandNode)
    .addNode("mergeExpanded", mergeExpandedNode)
    .addNode("writeAtomicTask", atomicNode)
    .addNode("collectAtomic", () => ({}))
    .addNode("composeTask", composeNode)
    .addNode("collectComposed", () => ({}))
    .addNode("checkComposition", checkNode)
    .addNode("collectChecked", () => ({}))
    .addNode("generateFunctions", functionsNode)
    .addNode("registerFunctions", registerNode)
    .addConditionalEdges(START, (state: ConstructionStateValue) =>
      state.seeds.length === 0 ? "dedupScenarios" : state.seeds.map((seed, order) => new Send("extractScenario", { seed, order })),
    )
    .addEdge("extractScenario", "dedupScenarios")
    .addConditionalEdges("dedupScenarios", routeAfterPool)
    .addEdge("expandScenario", "mergeExpanded")
    .addConditionalEdges("mergeExpanded", routeAfterPool)
    .addEdge("writeAtomicTask", "collectAtomic")
    .addConditionalEdges("collectAtomic", (state: ConstructionStateValue) => fanOut("composeTask", "registerFunctions")(state.atomic))
    .addEdge("composeTask", "collectComposed")
    .addConditionalEdges("collectComposed", (state: ConstructionStateValue) => fanOut("checkComposition", "registerFunctions")(state.composed))
    .addEdge("checkComposition", "collectChecked")
    .addConditionalEdges("collectChecked", (state: ConstructionStateValue) => fanOut("generateFunctions", "registerFunctions")(state.checked))
    .addEdge("generateFunctions", "registerFunctions")
    .addEdge("registerFunctions", END)
    .compile();
}

/** A readable id for `meta.generator`: the simulator's `sim:<seed>`, or the model's name. */
export function modelLabel(model: BaseChatModel): string {
  const named = model as unknown as { model?: string; modelName?: string; seed?: number };
  if (model._llmType() === "button-sim") return `sim:${named.seed ?? 0}`;
  return named.model ?? named.modelName ?? model._llmType();
}
