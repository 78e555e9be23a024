import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { END, Send, START, StateGraph } from "@langchain/langgraph";
import pLimit from "p-limit";
import type { Tracing } from "../llm/run-tracing.js";
import { isModelBehaviorError } from "../errors.js";
import { stableId } from "../schema/stable-id.js";
import { validateTask } from "./construction/validate-task.js";
import { applyRegistry } from "./construction/apply-registry.js";
import { writeAtomicTask } from "./construction/atomic-tasks.js";
import type { CandidateTask, ConstructionStage, FeedbackRound, ScenarioItem } from "./construction/candidate.js";
import type { StageFeedback } from "./construction/prompts/feedback-section.js";
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
import { assignFunctions, generateFunctions, type GeneratedFunctions } from "./construction/generate-functions.js";
import { dedupByText } from "./construction/scenario-dedup.js";
import type { StageContext } from "./construction/stage-context.js";
import type { CallJournal, TokenUsage, Transport } from "../llm/model-call.js";
import { assignStrategies, DEFAULT_STRATEGY_MIX, type StrategyMix } from "./construction/strategy-mix.js";
import { toRejected, toTaskRecord } from "./construction/task-record.js";

export interface ConstructionGraphOptions {
  model: BaseChatModel;
  /**
   * Number of tasks to write. Candidates run in batches (one scenario each, scenarios expanded
   * as needed) until this many tasks pass every stage or `maxAttempts` candidates were tried.
   * Default: one candidate per unique scenario, however many pass.
   */
  count?: number;
  /** With `count`: most candidates tried per task wanted (default 5, so at most 5 × count candidates). */
  maxAttemptsPerTask?: number;
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
  /** Most expansion rounds before giving up on reaching `count` (default 12). */
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
  /** LangChain callbacks, tags and metadata for every model call (labelled with role and stage). */
  tracing?: Tracing;
}

type Update = ConstructionStateUpdate;

/** Expansion rounds in a row that may add nothing (each asks other sources) before the pool counts as exhausted. */
const MAX_STALLED_ROUNDS = 3;

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
    tracing: options.tracing,
  };
  const strategies = options.strategies ?? new CompositionStrategyRegistry();
  const mix = options.strategyMix ?? DEFAULT_STRATEGY_MIX;
  Object.keys(mix).forEach((name) => strategies.get(name));
  const maxDepth = options.maxDepth ?? 4;
  const generator = options.generator ?? modelLabel(options.model);
  const perExpansion = options.scenariosPerExpansion ?? 4;
  const maxRounds = options.maxExpansionRounds ?? 12;
  const maxAttempts = options.count === undefined ? Infinity : Math.ceil((options.maxAttemptsPerTask ?? 5) * options.count);
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

  /**
   * After the pool changes or a batch is registered: expand scenarios when the next batch
   * needs more, start the next batch while tasks are short of `count` (and attempts remain),
   * or finish. Without `count`, one batch takes every scenario.
   */
  function routeAfterPool(state: ConstructionStateValue): Send[] | string {
    const target = options.count;
    if (target === undefined) return state.batch === 0 ? "planBatch" : END;
    const shortfall = target - state.tasks.length;
    if (shortfall <= 0 || state.attempts >= maxAttempts) return END;
    const pool = state.pool;
    const available = pool.length - state.used;
    if (pool.length > 0 && available < shortfall && state.stalledRounds < MAX_STALLED_ROUNDS && state.round < maxRounds) {
      const calls = Math.min(Math.ceil((shortfall - available) / perExpansion), pool.length);
      const start = (state.round * calls) % pool.length;
      return Array.from({ length: calls }, (_, index) => {
        const source = pool[(start + index) % pool.length]!;
        const avoid = [source.text, ...pool.filter((item) => item.expandedFrom === source.text).map((item) => item.text)];
        return new Send("expandScenario", { source, count: perExpansion, avoid, round: state.round + 1 });
      });
    }
    return available > 0 ? "planBatch" : END;
  }

  /** Take the next scenarios from the pool for a batch of candidates, each with its strategy. */
  function planBatchNode(state: ConstructionStateValue): Update {
    const target = options.count;
    const available = state.pool.length - state.used;
    const size = target === undefined ? available : Math.max(0, Math.min(target - state.tasks.length, available, maxAttempts - state.attempts));
    const chosen = state.pool.slice(state.used, state.used + size);
    // Strategies follow the pool order, so the mix holds over all candidates of the run.
    const strategies = assignStrategies(mix, state.used + size).slice(state.used);
    return {
      batch: state.batch + 1,
      used: state.used + size,
      attempts: state.attempts + size,
      planned: chosen.map((scenario, index) => ({ scenario, strategy: strategies[index]! })),
      stats: { attempts: size },
    };
  }

  function routeAfterPlan(state: ConstructionStateValue): Send[] | string {
    if (state.planned.length === 0) return END;
    return state.planned.map((entry) => new Send("writeAtomicTask", { ...entry, batch: state.batch }));
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
    return { pool: [...state.pool, ...added], round, stalledRounds: added.length > 0 ? 0 : state.stalledRounds + 1, stats: { scenariosExpanded: added.length } };
  }

  async function atomicNode(input: { scenario: ScenarioItem; strategy: string; batch: number }): Promise<Update> {
    const base = {
      order: input.scenario.order,
      batch: input.batch,
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

  /** Send each candidate of the current batch to `node`; with none left, go to `next`. */
  const fanOut = (node: string, next: string) => (items: CandidateTask[], batch: number) => {
    const current = items.filter((candidate) => candidate.batch === batch);
    if (current.length === 0) return next;
    return current.sort((left, right) => left.order - right.order).map((candidate) => new Send(node, { candidate }));
  };

  async function composeNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const outcome = await guarded(
      () => composeTask(context, candidate.atomicTask, strategies.get(candidate.strategy), maxDepth),
      (reason) => ({ ...rejectCandidate(candidate, "compose", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in outcome) return outcome.update;
    return { composed: [{ ...candidate, ...outcome.value }], stats: { composedTasks: 1 } };
  }

  /**
   * The composition check, with one feedback round: a candidate the judge turns down is
   * composed again with the judge's reasoning, and checked again; a second "no" rejects it.
   */
  async function checkNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const first = await guarded(
      () => checkComposition(context, candidate.task!, candidate.subtasks!),
      (reason) => ({ ...rejectCandidate(candidate, "composition-check", reason), stats: { modelFailures: 1 } }),
    );
    if ("update" in first) return first.update;
    const judged = (subject: CandidateTask, verdict: { verdict: string; reasoning: string }) => ({
      ...subject,
      checks: { ...subject.checks, composition: verdict.verdict, composition_reasoning: verdict.reasoning },
    });
    if (first.value.verdict === "yes") return { checked: [judged(candidate, first.value)] };

    const feedback: FeedbackRound = { stage: "composition-check", reason: first.value.reasoning };
    const sentBack = { ...judged(candidate, first.value), checks: { ...judged(candidate, first.value).checks, feedback: [feedback] } };
    const recomposed = await guarded(
      () => composeTask(context, candidate.atomicTask, strategies.get(candidate.strategy), maxDepth, { previous: { task: candidate.task, subtasks: candidate.subtasks!.map(({ id, text }) => ({ id, text })) }, reason: feedback.reason }),
      (reason) => ({ ...rejectCandidate(sentBack, "compose", reason), stats: { modelFailures: 1, feedbackRounds: 1, checkFailed: 1 } }),
    );
    if ("update" in recomposed) return recomposed.update;
    const repaired = { ...sentBack, ...recomposed.value };
    const second = await guarded(
      () => checkComposition(context, repaired.task!, repaired.subtasks!),
      (reason) => ({ ...rejectCandidate(repaired, "composition-check", reason), stats: { modelFailures: 1, feedbackRounds: 1, checkFailed: 1 } }),
    );
    if ("update" in second) return second.update;
    const rechecked = { ...judged(repaired, second.value), checks: { ...judged(repaired, second.value).checks, feedback: [feedback] } };
    if (second.value.verdict !== "yes") {
      return {
        ...rejectCandidate(
          rechecked,
          "composition-check",
          `composition check said no, and again after one round of feedback: first "${first.value.reasoning}", then "${second.value.reasoning}"`,
        ),
        stats: { checkFailed: 1, feedbackRounds: 1 },
      };
    }
    return { checked: [rechecked], stats: { feedbackRounds: 1, rescuedByFeedback: 1 } };
  }

  /**
   * Function generation and validation, with one feedback round: functions that fail
   * validation are generated again with every problem named, and validated again.
   */
  async function functionsNode({ candidate }: { candidate: CandidateTask }): Promise<Update> {
    const generate = (feedback?: StageFeedback) =>
      guarded(
        () => generateFunctions(context, candidate.task!, candidate.subtasks!, feedback),
        (reason) => ({ ...rejectCandidate(candidate, "generate-functions", reason), stats: { modelFailures: 1 } }),
      );
    const build = (generated: GeneratedFunctions): { built: CandidateTask; problems: string[] } => {
      const kinds = Object.fromEntries(generated.assignments.map((entry) => [entry.id, entry.kind]));
      const built: CandidateTask = { ...candidate, subtasks: assignFunctions(candidate.subtasks!, generated), functions: generated.functions, kinds };
      return { built, problems: validateTask({ subtasks: built.subtasks!, functions: built.functions!, kinds }) };
    };
    const first = await generate();
    if ("update" in first) return first.update;
    let functionsGenerated = first.value.functions.length;
    const attempt = build(first.value);
    if (attempt.problems.length === 0) {
      return { built: [{ ...attempt.built, checks: { ...attempt.built.checks, validation: "passed" } }], stats: { functionsGenerated } };
    }
    const reason = `invalid functions: ${attempt.problems.join("; ")}`;
    const feedback: FeedbackRound = { stage: "validation", reason };
    const earlier = (candidate.checks.feedback as FeedbackRound[] | undefined) ?? [];
    const second = await generate({ previous: { functions: first.value.functions, subtasks: first.value.assignments }, reason: attempt.problems.join("\n") });
    if ("update" in second) {
      return { ...rejectCandidate(attempt.built, "validation", reason), stats: { functionsGenerated, validationFailed: 1, feedbackRounds: 1, modelFailures: 1 } };
    }
    functionsGenerated += second.value.functions.length;
    const retry = build(second.value);
    const checks = { ...retry.built.checks, feedback: [...earlier, feedback] };
    if (retry.problems.length > 0) {
      return {
        ...rejectCandidate(
          { ...retry.built, checks },
          "validation",
          `invalid functions, and again after one round of feedback: ${retry.problems.join("; ")} (first: ${attempt.problems.join("; ")})`,
        ),
        stats: { functionsGenerated, validationFailed: 1, feedbackRounds: 1 },
      };
    }
    return {
      built: [{ ...retry.built, checks: { ...checks, validation: "passed" } }],
      stats: { functionsGenerated, feedbackRounds: 1, rescuedByFeedback: 1 },
    };
  }

  /** Reuse known functions, write the batch's task records, and reject duplicates of earlier tasks. */
  function registerNode(state: ConstructionStateValue): Update {
    const registry = new FunctionRegistry(state.functionLibrary, { threshold: options.functionReuseThreshold });
    const tasks = [...state.tasks];
    const rejected = [];
    const seen = new Set<string>(state.tasks.flatMap((task) => [task.id, stableId("c", { task: task.task, subtasks: task.subtasks, functions: task.functions })]));
    let rescued = 0;
    let merged = 0;
    let reused = 0;
    for (const candidate of state.built.filter((built) => built.batch === state.batch).sort((left, right) => left.order - right.order)) {
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
      if (final.checks.feedback) rescued++;
    }
    return { tasks, rejected, functionLibrary: registry.all(), stats: { functionsMerged: merged, functionsReused: reused, tasksRescued: rescued } };
  }

  return new StateGraph(ConstructionState)
    .addNode("extractScenario", extractNode)
    .addNode("dedupScenarios", dedupNode)
    .addNode("expandScenario", expandNode)
    .addNode("mergeExpanded", mergeExpandedNode)
    .addNode("planBatch", planBatchNode)
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
      // Path maps name every node a conditional edge may reach (Send targets included), so
      // drawings (getGraph().drawMermaid(), LangGraph Studio) show only real edges.
      ["extractScenario", "dedupScenarios"],
    )
    .addEdge("extractScenario", "dedupScenarios")
    .addConditionalEdges("dedupScenarios", routeAfterPool, ["expandScenario", "planBatch", END])
    .addEdge("expandScenario", "mergeExpanded")
    .addConditionalEdges("mergeExpanded", routeAfterPool, ["expandScenario", "planBatch", END])
    .addEdge("writeAtomicTask", "collectAtomic")
    .addConditionalEdges("planBatch", routeAfterPlan, ["writeAtomicTask", END])
    .addConditionalEdges("collectAtomic", (state: ConstructionStateValue) => fanOut("composeTask", "registerFunctions")(state.atomic, state.batch), ["composeTask", "registerFunctions"])
    .addEdge("composeTask", "collectComposed")
    .addConditionalEdges("collectComposed", (state: ConstructionStateValue) => fanOut("checkComposition", "registerFunctions")(state.composed, state.batch), ["checkComposition", "registerFunctions"])
    .addEdge("checkComposition", "collectChecked")
    .addConditionalEdges("collectChecked", (state: ConstructionStateValue) => fanOut("generateFunctions", "registerFunctions")(state.checked, state.batch), ["generateFunctions", "registerFunctions"])
    .addEdge("generateFunctions", "registerFunctions")
    .addConditionalEdges("registerFunctions", routeAfterPool, ["expandScenario", "planBatch", END])
    .compile();
}

/** A readable id for `meta.generator`: the simulator's `sim:<seed>`, or the model's name. */
export function modelLabel(model: BaseChatModel): string {
  const named = model as unknown as { model?: string; modelName?: string; seed?: number; rate?: number };
  if (model._llmType() === "button-sim") return `sim:${named.seed ?? 0}`;
  if (model._llmType() === "button-sim-messy") return `sim:messy:${named.rate ?? 0}`;
  return named.model ?? named.modelName ?? model._llmType();
}
