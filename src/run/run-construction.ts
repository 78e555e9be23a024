import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { constructionExtras, constructTasks, writeTaskFiles, type ConstructTasksOptions, type ConstructTasksResult } from "../graphs/construct-tasks.js";
import { modelLabel } from "../graphs/construction-graph.js";
import type { Transport } from "../llm/model-call.js";
import { SimChatModel } from "../models/sim/sim-chat-model.js";
import { JsonlCallJournal } from "./jsonl-call-journal.js";
import type { RetryPolicy } from "./model-retry.js";
import { resolveProgressReporter, type ProgressReporter, type ProgressSnapshot } from "./progress-reporter.js";
import { ProgressTicker } from "./progress-ticker.js";
import { configHash, writeJsonAtomically } from "./run-manifest.js";
import { RUN_DEFAULTS } from "./run-options.js";
import { runTransport } from "./run-transport.js";
import type { RateLimits } from "./rate-limit.js";
import type { ConstructionProgress } from "../graphs/construct-tasks.js";

export const CONSTRUCTION_MANIFEST = "construction.json";
export const CONSTRUCTION_JOURNAL = "construction-journal.jsonl";

export interface RunConstructionOptions extends Omit<ConstructTasksOptions, "outDir" | "transport" | "journal"> {
  outDir: string;
  /** Continue an interrupted construction in `outDir`: answers already received are replayed, not paid for again. */
  resume?: boolean;
  /** With `resume`: continue even though the configuration changed. */
  force?: boolean;
  /** Transport retries (429/5xx/timeouts, Retry-After); `false` turns them off. */
  retry?: RetryPolicy | false;
  /** Requests and tokens per minute, per endpoint (`*` for all). */
  rateLimits?: Record<string, RateLimits>;
  /** Stop asking the model once this many tokens are spent (a resume with a larger budget continues). */
  maxTokens?: number;
  /** `true`/`"auto"`: a bar on a TTY, lines otherwise (tasks written of `count`, tokens, elapsed); `false`: silent; or your own reporter. */
  progress?: boolean | "auto" | ProgressReporter;
}

/** construction.json: the construction stage's manifest. */
export interface ConstructionManifest {
  stage: "construct";
  status: "complete" | "stopped" | "failed";
  error?: string;
  config: Record<string, unknown>;
  config_hash: string;
  stats?: ConstructTasksResult["stats"];
  /** Seed records that could not be read, with file, line and field. */
  malformed_seeds?: ConstructTasksResult["malformedSeeds"];
  /** The strategy mix and depth of the tasks written. */
  written?: { strategies: Record<string, number>; depths: Record<string, number> };
  /** A messy simulator's injected faults by kind (the faults themselves are in faults.jsonl). */
  faults?: Record<string, number>;
  usage?: ConstructTasksResult["usage"];
  /** Negative variants made and asked for but not made, by name (with `negatives`). */
  variants?: ConstructTasksResult["variants"];
  /** Transport retries by reason, over all sessions. */
  retries: Record<string, number>;
  /** Answers replayed from the journal and answers newly received, per session. */
  sessions: Array<{ started_at: string; elapsed_ms: number; replayed: number; recorded: number; status: ConstructionManifest["status"] }>;
  elapsed_ms: number;
}

/**
 * Construction as a run: the same transport retries (Retry-After honoured), rate limits and
 * token budget as simulation, a manifest (`construction.json`) with its config hash, and
 * `resume` after a crash, an outage or Ctrl-C. Every model answer is journalled as it arrives
 * (`construction-journal.jsonl`); a resumed construction replays them and asks only for the
 * rest, so it writes the same `tasks.jsonl` as an uninterrupted run with the same seed.
 */
export async function runConstruction(options: RunConstructionOptions): Promise<ConstructTasksResult & { manifest: ConstructionManifest }> {
  const manifestPath = join(options.outDir, CONSTRUCTION_MANIFEST);
  const journalPath = join(options.outDir, CONSTRUCTION_JOURNAL);
  const model = options.model ?? new SimChatModel({ seed: options.seed ?? 0 });
  const config = {
    model: modelLabel(model),
    seed: options.seed ?? 0,
    seeds: typeof options.seeds === "string" ? options.seeds : "(in memory)",
    count: options.count ?? null,
    max_attempts_per_task: options.count === undefined ? null : (options.maxAttemptsPerTask ?? 5),
    limit: options.limit ?? null,
    strategy_mix: options.strategyMix ?? null,
    max_depth: options.maxDepth ?? 4,
    dedup_threshold: options.dedupThreshold ?? null,
    strategies: (options.strategies ?? []).map((strategy) => strategy.name),
    // Only when asked, so constructions without variants keep their config hash.
    ...(options.negatives ? { negatives: options.negatives } : {}),
  };
  const hash = configHash(config);
  const previous = await readConstructionManifest(manifestPath);
  const interrupted = previous !== undefined || (await exists(journalPath));
  if (interrupted && !options.resume) {
    throw new UserError(
      `${options.outDir} already holds a construction${previous ? ` (${previous.status})` : ""}. Pass --resume to continue it, or choose another --out directory.`,
      { file: manifestPath, code: "invalid-config" },
    );
  }
  if (previous && previous.config_hash !== hash && !options.force) {
    const keys = Object.keys(config).filter((key) => JSON.stringify(previous.config[key]) !== JSON.stringify((config as Record<string, unknown>)[key]));
    throw new UserError(`the construction in ${options.outDir} was made with another configuration (${keys.join(", ")}); pass --force to resume anyway, or choose another --out directory.`, {
      file: manifestPath,
      field: keys[0] ? `config.${keys[0]}` : "config_hash",
      code: "config-mismatch",
    });
  }
  await mkdir(options.outDir, { recursive: true });
  const journal = new JsonlCallJournal(journalPath);
  const retries: Record<string, number> = { ...(previous?.retries ?? {}) };
  const transport = runTransport({
    retry: options.retry,
    rateLimits: options.rateLimits,
    signal: options.signal,
    retries,
    inner: options.maxTokens !== undefined ? tokenBudget(options.maxTokens) : undefined,
  });
  const started = new Date();
  const startTime = performance.now();
  let progress: ConstructionProgress = { tasksWritten: 0, candidatesRejected: 0, tokens: 0 };
  const ticker = new ProgressTicker(
    resolveProgressReporter(options.progress),
    () => constructionSnapshot(progress, options.count, performance.now() - startTime),
    RUN_DEFAULTS.progressIntervalMs,
  );
  const onProgress = (next: ConstructionProgress) => {
    progress = next;
    options.onProgress?.(next);
  };
  const sessions = previous?.sessions ?? [];
  const finish = async (status: ConstructionManifest["status"], result?: ConstructTasksResult, error?: unknown, extras: Record<string, unknown> = {}): Promise<ConstructionManifest> => {
    const elapsed = Math.round(performance.now() - startTime);
    const manifest: ConstructionManifest = {
      stage: "construct",
      status,
      ...(error ? { error: (error as Error).message ?? String(error) } : {}),
      config,
      config_hash: hash,
      ...(result ? { stats: result.stats, malformed_seeds: result.malformedSeeds, ...extras, usage: result.usage } : {}),
      ...(result && options.negatives ? { variants: result.variants } : {}),
      retries,
      sessions: [...sessions, { started_at: started.toISOString(), elapsed_ms: elapsed, replayed: journal.replayed, recorded: journal.recorded, status }],
      elapsed_ms: (previous?.elapsed_ms ?? 0) + elapsed,
    };
    await writeJsonAtomically(manifestPath, manifest);
    return manifest;
  };
  let result: ConstructTasksResult;
  try {
    result = await constructTasks({ ...options, model, outDir: undefined, transport, journal, onProgress });
  } catch (error) {
    // Show how far it got; an error before any work (a bad option) needs no progress line.
    if (progress.tokens > 0 || progress.tasksWritten > 0) ticker.finish();
    else ticker.dispose();
    // A signal or the budget stops construction on purpose; anything else (an outage, a bad key) fails it.
    const stopped = options.signal?.aborted === true || (error as { code?: string }).code === "budget-exhausted";
    await finish(stopped ? "stopped" : "failed", undefined, error);
    throw error;
  }
  progress = { ...progress, tasksWritten: result.tasks.length, candidatesRejected: result.rejected.length };
  ticker.finish();
  const files = await writeTaskFiles(options.outDir, result.tasks, result.rejected);
  const extras = await constructionExtras(options.outDir, model, result.tasks);
  const manifest = await finish("complete", result, undefined, extras);
  return { ...result, files: { ...files, manifest: manifestPath }, manifest };
}

/** Construction as the progress reporters show it: tasks written of `count`, candidates rejected, tokens, elapsed. */
export function constructionSnapshot(progress: ConstructionProgress, count: number | undefined, elapsedMs: number): ProgressSnapshot {
  return {
    done: progress.tasksWritten,
    accepted: progress.tasksWritten,
    rejected: progress.candidatesRejected,
    total: count,
    totalIsTarget: false,
    sessionDone: progress.tasksWritten,
    sessionAccepted: progress.tasksWritten,
    elapsedMs,
    tokens: progress.tokens,
    stage: "construct",
    unit: "tasks written",
  };
}

/** Refuse new model calls once `maxTokens` are spent; answers replayed from the journal are free. */
function tokenBudget(maxTokens: number): Transport {
  let spent = 0;
  return async (invoke) => {
    if (spent >= maxTokens) {
      throw new UserError(`token budget reached: ${spent} of --max-tokens ${maxTokens} spent. Resume with a larger budget to continue.`, {
        field: "maxTokens",
        code: "budget-exhausted",
      });
    }
    const output = await invoke();
    const usage = (output as { usage_metadata?: { input_tokens?: number; output_tokens?: number } }).usage_metadata;
    spent += (usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0);
    return output;
  };
}

async function readConstructionManifest(path: string): Promise<ConstructionManifest | undefined> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as Partial<ConstructionManifest>;
    // construction.json from a library call without the runner has no hash: treat it as foreign.
    return typeof value.config_hash === "string" ? (value as ConstructionManifest) : { ...(value as ConstructionManifest), config_hash: "", sessions: [], retries: {}, status: "complete" };
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
