import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { CallJournal, Transport } from "../llm/model-call.js";
import { withRunLabels, type Tracing } from "../llm/run-tracing.js";
import { addUsage, emptyUsage, type Usage } from "../schema/trajectory.js";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { SystemError, UserError } from "../errors.js";
import { readSeeds, type Seed } from "../formats/seeds/index.js";
import type { FunctionSpec } from "../schema/function-spec.js";
import type { TaskRecord } from "../schema/task.js";
import type { RejectedTask } from "./construction/candidate.js";
import { CompositionStrategyRegistry, MAX_DEPTH, MIN_DEPTH, type CompositionStrategy } from "./construction/composition-strategies.js";
import { emptyStats, type ConstructionStats } from "./construction/construction-stats.js";
import type { SeedInput } from "./construction/construction-state.js";
import type { StrategyMix } from "./construction/strategy-mix.js";
import { buildConstructionGraph, modelLabel } from "./construction-graph.js";
import { applyNegativeVariants, NegativeVariantRegistry, type NegativeMix, type NegativeVariant } from "./construction/negative-variants.js";
import { SimChatModel } from "../models/sim/sim-chat-model.js";
import { appendFaultLog, countFaults, messyModelsOf } from "../models/sim/messy/fault-log.js";

export interface ConstructTasksOptions {
  /** A seed file or directory (formats auto-detected), or seeds already in hand. */
  seeds: string | Iterable<Seed> | AsyncIterable<Seed>;
  /** When set, `tasks.jsonl` and `rejected_tasks.jsonl` are written here. */
  outDir?: string;
  /**
   * Number of tasks to write: candidates run in batches, scenarios expanded as needed, until
   * this many pass every stage or `maxAttemptsPerTask × count` candidates were tried.
   * Default: one candidate per unique scenario.
   */
  count?: number;
  /** With `count`: most candidates tried per task wanted (default 5). */
  maxAttemptsPerTask?: number;
  /** Any tool-calling chat model; default: the offline simulator seeded with `seed`. */
  model?: BaseChatModel;
  /** Seed of the default simulator model (a model you pass carries its own). */
  seed?: number;
  /** Weights per strategy, e.g. `{ sequential: 1, "parallel-then-sequential": 1 }` (the default). */
  strategyMix?: StrategyMix;
  /** Custom strategies, added to the built-in ones. */
  strategies?: CompositionStrategy[];
  /** Most sub-tasks of a `sequential-chain` task (2–4; default 4). */
  maxDepth?: number;
  dedupThreshold?: number;
  functionReuseThreshold?: number;
  concurrency?: number;
  /** When set, scenarios are deduplicated by embedding cosine instead of MinHash. */
  embeddings?: EmbeddingsInterface;
  /** Read at most this many seeds. */
  limit?: number;
  /** Functions from earlier runs to reuse (e.g. the `functions` of a previous result). */
  knownFunctions?: FunctionSpec[];
  maxRetries?: number;
  signal?: AbortSignal;
  /** Wraps every model call (retries, rate limits; see `retryTransport`). */
  transport?: Transport;
  /** Replays the answers of an interrupted earlier session and records new ones (see `runConstruction`). */
  journal?: CallJournal;
  /** LangChain callbacks, tags and metadata for every model call; each is labelled with the run id, role and stage. */
  tracing?: Tracing;
  /** The run id in tags and metadata (default: a new UUID, recorded in construction.json). */
  runId?: string;
  /** Share of tasks turned into each negative variant, e.g. `{ irrelevance: 0.1, "missing-info": 0.1 }` (none by default). */
  negatives?: NegativeMix;
  /** Custom negative variants, added to the built-in ones. */
  negativeVariants?: NegativeVariant[];
  /** Told the progress as it changes: after each graph step and each model answer (for a progress display). */
  onProgress?: (progress: ConstructionProgress) => void;
  /** Told each malformed seed record as it is skipped (all of them; the result lists the first 100). */
  onMalformedSeed?: (seed: MalformedSeed) => void;
}

/** How far a construction has got. */
export interface ConstructionProgress {
  /** Tasks that passed every stage so far (negative variants are added after the graph). */
  tasksWritten: number;
  /** Candidates rejected at some stage so far. */
  candidatesRejected: number;
  /** Prompt plus completion tokens spent so far. */
  tokens: number;
}

export interface ConstructTasksResult {
  tasks: TaskRecord[];
  rejected: RejectedTask[];
  stats: ConstructionStats;
  /** Every function known at the end (given plus newly minted), for reuse by a later run. */
  functions: FunctionSpec[];
  /** Tokens spent, by stage (the keys of `by_role` are stage names (`record_scenario`, `propose_scenarios`, `write_atomic_task`, `compose_task`, `judge_composition`, `define_functions`)). */
  usage: Usage;
  /** Negative variants made (and asked for but not made), by name; empty without `negatives`. */
  variants: { made: Record<string, number>; shortfall: Record<string, number> };
  /** Paths written, when `outDir` was given. */
  files?: { tasks: string; rejected: string; manifest: string };
  /** Seed records that could not be read, with file, line and field (the first 100). */
  malformedSeeds: MalformedSeed[];
}

export interface MalformedSeed {
  file?: string;
  line?: number;
  field?: string;
  message: string;
}

const MAX_MALFORMED_LISTED = 100;

/**
 * Build composite task records from seed conversations with the BUTTON bottom-up method.
 * Malformed seed lines are counted and skipped; candidates that fail a stage end up in
 * `rejected` with the reason. The same seeds and the same model seed give byte-identical files.
 */
export async function constructTasks(options: ConstructTasksOptions): Promise<ConstructTasksResult> {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < MIN_DEPTH || maxDepth > MAX_DEPTH) {
    throw new UserError(`maxDepth must be an integer from ${MIN_DEPTH} to ${MAX_DEPTH}, got ${maxDepth}`, {
      field: "maxDepth",
      code: "invalid-config",
    });
  }
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1)) {
    throw new UserError(`count must be a positive integer, got ${options.count}`, { field: "count", code: "invalid-config" });
  }
  if (options.maxAttemptsPerTask !== undefined && !(options.maxAttemptsPerTask >= 1)) {
    throw new UserError(`maxAttemptsPerTask must be at least 1, got ${options.maxAttemptsPerTask}`, { field: "maxAttemptsPerTask", code: "invalid-config" });
  }
  const variantRegistry = new NegativeVariantRegistry();
  for (const variant of options.negativeVariants ?? []) variantRegistry.register(variant);
  for (const name of Object.keys(options.negatives ?? {})) variantRegistry.get(name);
  const registry = new CompositionStrategyRegistry();
  for (const strategy of options.strategies ?? []) registry.register(strategy);

  const stats = emptyStats();
  let usage = emptyUsage();
  const progress: ConstructionProgress = { tasksWritten: 0, candidatesRejected: 0, tokens: 0 };
  const started = Date.now();
  const malformedSeeds: MalformedSeed[] = [];
  const seeds = await collectSeeds(options, stats, malformedSeeds);
  const runId = options.runId ?? randomUUID();
  const model = options.model ?? new SimChatModel({ seed: options.seed ?? 0 });
  const graph = buildConstructionGraph({
    model,
    count: options.count,
    maxAttemptsPerTask: options.maxAttemptsPerTask,
    strategyMix: options.strategyMix,
    strategies: registry,
    maxDepth,
    dedupThreshold: options.dedupThreshold,
    embeddings: options.embeddings,
    functionReuseThreshold: options.functionReuseThreshold,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    signal: options.signal,
    transport: options.transport,
    journal: options.journal,
    tracing: withRunLabels(options.tracing, { run_id: runId }),
    onUsage: (stage, spent) => {
      usage = addUsage(usage, stage, spent.prompt, spent.completion);
      progress.tokens = usage.total.prompt_tokens + usage.total.completion_tokens;
      options.onProgress?.({ ...progress });
    },
  });
  // The stage limiter bounds model calls exactly; LangGraph's own bound keeps fewer branches in flight
  // (it must be at least 2: with 1, LangGraph 1.7 returns no state from a Send fan-out).
  // Streamed state by state (what `invoke` does inside) so progress can be told between steps.
  const steps = await graph.stream(
    { seeds, functionLibrary: options.knownFunctions ?? [] },
    { recursionLimit: 1000, maxConcurrency: Math.max(2, options.concurrency ?? 4), signal: options.signal, streamMode: "values" },
  );
  let last: Awaited<ReturnType<typeof graph.invoke>> | undefined;
  for await (const state of steps) {
    last = state;
    progress.tasksWritten = state.tasks.length;
    progress.candidatesRejected = state.rejected.length;
    options.onProgress?.({ ...progress });
  }
  if (!last) throw new SystemError("internal", "the construction graph ended without a state");
  const final = last;
  Object.assign(stats, final.stats);
  const rejected = sortRejected(final.rejected);
  stats.tasksAccepted = final.tasks.length;
  stats.tasksRejected = rejected.length;
  // A separate stage after validation: variants are derived from finished composite tasks.
  const negatives = options.negatives
    ? applyNegativeVariants(final.tasks, { mix: options.negatives, seed: options.seed ?? 0, registry: variantRegistry })
    : { tasks: final.tasks, made: {}, shortfall: {} };
  const variants = { made: negatives.made, shortfall: negatives.shortfall };
  const result: ConstructTasksResult = { tasks: negatives.tasks, rejected, stats, functions: final.functionLibrary, usage, malformedSeeds, variants };
  if (options.outDir) {
    const files = await writeTaskFiles(options.outDir, negatives.tasks, rejected);
    const manifest = join(options.outDir, "construction.json");
    const config = {
      model: modelLabel(model),
      seed: options.seed ?? 0,
      count: options.count ?? null,
      max_attempts_per_task: options.count === undefined ? null : (options.maxAttemptsPerTask ?? 5),
      strategy_mix: options.strategyMix ?? null,
      max_depth: maxDepth,
      negatives: options.negatives ?? null,
    };
    const extras = await constructionExtras(options.outDir, model, negatives.tasks);
    await writeFile(manifest, `${JSON.stringify({ stage: "construct", run_id: runId, config, stats, ...extras, variants, usage, elapsed_ms: Date.now() - started }, null, 2)}\n`);
    result.files = { ...files, manifest };
  }
  return result;
}

/**
 * What construction.json reports beyond the counts: the strategy mix and depth of the tasks
 * written, and, for a messy simulator, its faults (appended to faults.jsonl in `outDir`).
 */
export async function constructionExtras(outDir: string, model: BaseChatModel, tasks: readonly TaskRecord[]) {
  const messy = messyModelsOf([model]);
  const faults = messy.length > 0 ? { faults: countFaults(await appendFaultLog(outDir, messy)) } : {};
  return { written: { strategies: countBy(tasks, (task) => task.strategy), depths: countBy(tasks, (task) => String(task.subtasks.length)) }, ...faults };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([left], [right]) => (left < right ? -1 : 1)));
}

async function collectSeeds(options: ConstructTasksOptions, stats: ConstructionStats, malformed: MalformedSeed[]): Promise<SeedInput[]> {
  const onMalformed = (error: UserError) => {
    stats.malformedLines++;
    const seed: MalformedSeed = { file: error.file, line: error.line, field: error.field, message: error.message };
    if (malformed.length < MAX_MALFORMED_LISTED) malformed.push(seed);
    options.onMalformedSeed?.(seed);
  };
  const source =
    typeof options.seeds === "string"
      ? readSeeds(options.seeds, { onMalformed, onSkippedFile: () => stats.skippedFiles++ })
      : options.seeds;
  const seeds: SeedInput[] = [];
  const ids = new Set<string>();
  for await (const seed of source as AsyncIterable<Seed>) {
    if (options.limit !== undefined && seeds.length >= options.limit) break;
    if (ids.has(seed.id)) {
      throw new UserError(`seed id '${seed.id}' appears twice; give each seed a unique id`, { field: "seeds.id" });
    }
    ids.add(seed.id);
    seeds.push({ id: seed.id, text: seed.text });
  }
  stats.seedsRead = seeds.length;
  return seeds;
}

/** Rejections in a fixed order (by stage, then id) so the file does not depend on completion order. */
function sortRejected(rejected: RejectedTask[]): RejectedTask[] {
  const stages = ["atomic-task", "compose", "composition-check", "generate-functions", "validation", "duplicate"];
  return [...rejected].sort(
    (left, right) => stages.indexOf(left.stage) - stages.indexOf(right.stage) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
}

export async function writeTaskFiles(outDir: string, tasks: TaskRecord[], rejected: RejectedTask[]) {
  await mkdir(outDir, { recursive: true });
  const files = { tasks: join(outDir, "tasks.jsonl"), rejected: join(outDir, "rejected_tasks.jsonl") };
  await writeFile(files.tasks, tasks.map((task) => `${JSON.stringify(task)}\n`).join(""));
  await writeFile(files.rejected, rejected.map((task) => `${JSON.stringify(task)}\n`).join(""));
  return files;
}
