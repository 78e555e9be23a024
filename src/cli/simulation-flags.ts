import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { trajectoryGraph, type TrajectoryGraphBuilder } from "../graphs/trajectory-graph-builder.js";
import { criticRole } from "../graphs/trajectory/critic-role.js";
import { errorInjectingToolsRole } from "../graphs/trajectory/error-injecting-tools-role.js";
import { personaUserRole } from "../graphs/trajectory/persona-user-role.js";
import { preferencePairs } from "../preferences/preference-pairs.js";
import { PREFERENCES_FILE } from "../preferences/preference-record.js";
import { appendPreferences } from "../preferences/preference-writer.js";
import { UserError } from "../errors.js";
import { AGENT_ROLES, loadRoleModels, resolveModel } from "../models/resolve-model.js";
import { messyModelsOf, recordFaults } from "../models/sim/messy/fault-log.js";
import { interruptSignals } from "../run/interrupt-signals.js";
import { MAX_CONCURRENCY, RUN_DEFAULTS, type RunOptions, type RunSummary } from "../run/run-options.js";
import { MAX_PROCESSES, runSimulationInProcesses, type WorkerSetup } from "../run/process-pool/index.js";
import { formatRunSummary } from "../run/run-summary-text.js";
import type { TaskSource } from "../run/task-source.js";
import { parsePriceTable, type PriceTable } from "../run/usage-ledger.js";
import { decimal, keyValuePair, onOff, repeated, rolePair, wholeNumber } from "./option-parsers.js";
import type { Tracing } from "../llm/run-tracing.js";
import { terminalSafe } from "./terminal-text.js";

/** The flags of every command that plays tasks out: `simulate`, `run` and `demo`. */
export interface SimulationFlags extends TracingFlags {
  model: string;
  roleModel?: Record<string, string>;
  baseUrl?: string;
  concurrency: number;
  maxTurns: number;
  maxRetries: number;
  parallel: boolean;
  protocol: "native" | "tagged";
  seed: number;
  resume?: boolean;
  force?: boolean;
  overwrite?: boolean;
  limit?: number;
  target?: number;
  maxTokens?: number;
  maxCost?: number;
  prices?: string;
  rpm?: number;
  tpm?: number;
  timeoutMs: number;
  maxAttempts: number;
  checks: boolean;
  personas?: boolean;
  critic?: number;
  toolErrorRate?: number;
  judge?: string;
  judgeThreshold?: number;
  progress: boolean;
  /** Child processes that play tasks (simulate and run; default 1: this process). */
  processes?: number;
}

/** `--tag` and `--metadata`: labels for every model call, in callbacks and LangSmith traces. */
export interface TracingFlags {
  tag?: string[];
  metadata?: Record<string, string>;
}

/** The tracing config the flags ask for (tracing itself is on only with LANGSMITH_TRACING=true). */
export function tracingFromFlags(flags: TracingFlags): Tracing | undefined {
  if (!flags.tag?.length && !flags.metadata) return undefined;
  return { tags: flags.tag ?? [], metadata: flags.metadata ?? {} };
}

export function addModelFlags(command: Command): Command {
  return command
    .option("--model <spec>", "sim | openai:<name> | <provider>:<name> (anthropic, google-genai, ollama, groq, … when its package is installed) | <name> (served at --base-url)", "sim")
    .option("--role-model <role=spec>", "a different model for one role (user, assistant, tool); repeatable", rolePair)
    .option("--base-url <url>", "any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, LM Studio, button sim-server)")
    .option("--seed <n>", "seed for the simulator and ids", wholeNumber(0), 0)
    .option("--timeout-ms <ms>", "per-request timeout for real endpoints, headers and body (default 120000: two minutes)", wholeNumber(1), 120_000)
    .option("--tag <tag>", "a tag on every model call (LangSmith traces with LANGSMITH_TRACING=true); repeatable", repeated)
    .option("--metadata <key=value>", "metadata on every model call; repeatable", keyValuePair);
}

export function addSimulationFlags(command: Command): Command {
  return addModelFlags(command)
    .option("--concurrency <n>", `tasks in flight at once (at most ${MAX_CONCURRENCY})`, wholeNumber(1, MAX_CONCURRENCY), RUN_DEFAULTS.concurrency)
    .option("--max-turns <n>", "assistant turns before a trajectory is rejected", wholeNumber(1), 12)
    .option("--max-retries <n>", "corrective retries per model call for unusable output", wholeNumber(0), 2)
    .option("--parallel <on|off>", "allow parallel function calls in one turn", onOff, true)
    .option("--protocol <name>", "native (OpenAI tool calls) or tagged (BUTTON <call> text)", "native")
    .option("--resume", "continue an existing run directory, skipping finished tasks")
    .option("--force", "with --resume: continue even though the config changed")
    .option("--overwrite", "replace earlier output in --out (default: refuse)")
    .option("--target <n>", "stop once this many trajectories are accepted", wholeNumber(1))
    .option("--max-tokens <n>", "stop drawing tasks once this many tokens are spent", wholeNumber(1))
    .option("--max-cost <x>", "stop drawing tasks once this much is spent (needs --prices)", decimal(0))
    .option("--prices <file>", 'JSON price table per million tokens: {"gpt-4o": {"prompt": 2.5, "completion": 10}}')
    .option("--rpm <n>", "requests per minute per endpoint", wholeNumber(1))
    .option("--tpm <n>", "tokens per minute per endpoint", wholeNumber(1))
    .option("--max-attempts <n>", "tries per model call on 429/5xx/timeouts, the first included", wholeNumber(1), RUN_DEFAULTS.retryAttempts)
    .option("--no-checks", "skip the trajectory checks (verdicts) on accepted records")
    .option("--personas", "a user persona per task (terse, vague-then-clarifying, non-native speaker)")
    .option("--critic <rounds>", "a critic reviews final answers and sends them back up to <rounds> times; pairs go to preferences.jsonl", wholeNumber(1))
    .option("--tool-error-rate <r>", "share of tool calls that fail realistically (timeout, not found, …) so the data teaches recovery", decimal(0, 1))
    .option("--judge <model>", "an LLM judge (sim | openai:<name> | <name>) scores every accepted trajectory on named axes; low scores go to rejected.jsonl")
    .option("--judge-threshold <score>", "with --judge: reject trajectories whose weakest axis scores below this (1–5, default 4)", decimal(1, 5))
    .option("--no-progress", "no progress bar or progress lines");
}

/** `--processes N` (on simulate and run): play tasks in N child processes when one process's CPU is the limit. */
export function addProcessesFlag(command: Command): Command {
  return command.option(
    "--processes <n>",
    `child processes that play tasks, for when one process's CPU is the limit (default 1: this process; at most ${MAX_PROCESSES}); output is the same`,
    wholeNumber(1, MAX_PROCESSES),
    1,
  );
}

/** The flags a child process needs to build the same simulation (plain JSON). */
const SIMULATION_SETUP_FLAGS = [
  "model",
  "roleModel",
  "baseUrl",
  "seed",
  "timeoutMs",
  "maxTurns",
  "maxRetries",
  "parallel",
  "protocol",
  "personas",
  "critic",
  "toolErrorRate",
] as const satisfies readonly (keyof SimulationFlags)[];

export type SimulationSetupFlags = Pick<SimulationFlags, (typeof SIMULATION_SETUP_FLAGS)[number]>;

/** The trajectory graph's options the flags ask for, with the models built from them. */
export function simulationOptionsFromFlags(flags: SimulationSetupFlags, models: Awaited<ReturnType<typeof loadRoleModels>>): NonNullable<RunOptions["simulation"]> {
  return { models, maxTurns: flags.maxTurns, maxRetries: flags.maxRetries, parallel: flags.parallel, protocol: flags.protocol, seed: flags.seed };
}

/** The worker setup for `--processes`: children import simulation-setup and build from these flags. */
function simulationSetup(flags: SimulationFlags): WorkerSetup {
  const here = fileURLToPath(import.meta.url);
  const module = fileURLToPath(new URL(`./simulation-setup${extname(here)}`, import.meta.url));
  const settings = Object.fromEntries(SIMULATION_SETUP_FLAGS.filter((key) => flags[key] !== undefined).map((key) => [key, flags[key]]));
  return { module, export: "simulationFromFlags", settings };
}

/** Play `tasks` out into `outDir` as the flags say, print the summary, and return it. */
export async function simulateWithFlags(tasks: string | TaskSource, outDir: string, flags: SimulationFlags): Promise<RunSummary> {
  if (flags.protocol !== "native" && flags.protocol !== "tagged") {
    throw new UserError(`--protocol must be 'native' or 'tagged', got '${flags.protocol}'`, { field: "protocol", code: "invalid-config" });
  }
  if (flags.force && !flags.resume) {
    throw new UserError("--force only applies with --resume", { field: "force", code: "invalid-config" });
  }
  const { graph, models } = await graphAndModelsFromFlags(flags);
  const processes = flags.processes ?? 1;
  if (processes > 1 && messyModelsOf(Object.values(models)).length > 0) {
    throw new UserError("sim:messy keeps its log of injected faults in the process that plays the tasks; run it with --processes 1", {
      field: "processes",
      code: "invalid-config",
    });
  }
  // Preference pairs are appended in the order records finish; one chain keeps appends whole.
  let preferenceWrites = Promise.resolve();
  const preferencesFile = join(outDir, PREFERENCES_FILE);
  const interrupts = interruptSignals();
  try {
    const summary = await runSimulationInProcesses({
      processes,
      worker: simulationSetup(flags),
      tasks,
      outDir,
      graph,
      onRecord: flags.critic
        ? (record, accepted) => {
            if (accepted) preferenceWrites = preferenceWrites.then(() => appendPreferences(preferencesFile, preferencePairs(record)));
          }
        : undefined,
      simulation: simulationOptionsFromFlags(flags, models),
      tracing: tracingFromFlags(flags),
      verify: flags.checks ? undefined : false,
      judge: judgeFromFlags(flags),
      concurrency: flags.concurrency,
      resume: flags.resume,
      force: flags.force,
      limit: flags.limit,
      target: flags.target,
      maxTokens: flags.maxTokens,
      maxCost: flags.maxCost,
      prices: flags.prices ? await readPrices(flags.prices) : undefined,
      rateLimits: flags.rpm || flags.tpm ? { "*": { requestsPerMinute: flags.rpm, tokensPerMinute: flags.tpm } } : undefined,
      retry: { maxAttempts: flags.maxAttempts },
      progress: flags.progress ? "auto" : false,
      drain: interrupts.drain,
      signal: interrupts.signal,
    });
    await preferenceWrites;
    await recordFaults(outDir, messyModelsOf(Object.values(models)));
    process.stdout.write(`${terminalSafe(formatRunSummary(summary))}\n`);
    if (summary.status === "failed") process.exitCode = 1;
    return summary;
  } finally {
    interrupts.dispose();
  }
}

/** A misspelled role in --role-model would silently leave that role on the common model: refuse it. */
/**
 * The graph and the role models the flags ask for, the same for every command that plays tasks
 * out (simulate, run, demo, the queue's enqueue and worker), so their config hashes agree.
 */
export async function graphAndModelsFromFlags(flags: SimulationSetupFlags): Promise<{ graph?: TrajectoryGraphBuilder; models: Awaited<ReturnType<typeof loadRoleModels>> }> {
  const graph = graphFromFlags(flags);
  checkRoleNames(flags.roleModel, graph ?? trajectoryGraph());
  const models = await loadRoleModels({
    model: flags.model,
    roles: flags.roleModel,
    baseUrl: flags.baseUrl,
    seed: flags.seed,
    timeoutMs: flags.timeoutMs,
    // The runner retries each call itself (backoff, Retry-After); client retries would multiply.
    clientRetries: 0,
  });
  return { graph, models };
}

function checkRoleNames(roleModel: Record<string, string> | undefined, graph: TrajectoryGraphBuilder): void {
  const valid = [...new Set([...AGENT_ROLES, ...graph.roleNames])];
  for (const role of Object.keys(roleModel ?? {})) {
    if (!valid.includes(role)) {
      throw new UserError(`--role-model names the role '${role}', which this run does not have; valid roles: ${valid.join(", ")}`, {
        field: "role-model",
        code: "invalid-config",
      });
    }
  }
}

/** The standard graph, with the roles the flags ask for swapped in or added. */
export function graphFromFlags(flags: Pick<SimulationFlags, "personas" | "critic" | "toolErrorRate">): TrajectoryGraphBuilder | undefined {
  if (!flags.personas && !flags.critic && flags.toolErrorRate === undefined) return undefined;
  let graph = trajectoryGraph();
  if (flags.personas) graph = graph.replaceRole(personaUserRole());
  if (flags.toolErrorRate !== undefined) graph = graph.replaceRole(errorInjectingToolsRole({ rate: flags.toolErrorRate }));
  if (flags.critic) graph = graph.addRole(criticRole({ maxRounds: flags.critic }), { between: ["assistant", "end"] });
  return graph;
}

/** The judge the flags ask for, on the same endpoint settings as the other roles. */
function judgeFromFlags(flags: SimulationFlags) {
  if (flags.judgeThreshold !== undefined && !flags.judge) {
    throw new UserError("--judge-threshold only applies with --judge <model>", { field: "judge-threshold", code: "invalid-config" });
  }
  if (!flags.judge) return undefined;
  const model = resolveModel(flags.judge, { baseUrl: flags.baseUrl, seed: flags.seed, timeoutMs: flags.timeoutMs, clientRetries: 0 });
  return { model, threshold: flags.judgeThreshold, maxRetries: flags.maxRetries };
}

export async function readPrices(path: string): Promise<PriceTable> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UserError(`cannot read the price table: ${(error as Error).message}`, { file: path, code: "invalid-config" });
  }
  const table = (value as { prices?: unknown })?.prices ?? value;
  return parsePriceTable(table, path);
}
