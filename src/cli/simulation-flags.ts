import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { trajectoryGraph, type TrajectoryGraphBuilder } from "../graphs/trajectory-graph-builder.js";
import { criticRole } from "../graphs/trajectory/critic-role.js";
import { errorInjectingToolsRole } from "../graphs/trajectory/error-injecting-tools-role.js";
import { personaUserRole } from "../graphs/trajectory/persona-user-role.js";
import { preferencePairs } from "../preferences/preference-pairs.js";
import { PREFERENCES_FILE } from "../preferences/preference-record.js";
import { appendPreferences } from "../preferences/preference-writer.js";
import { UserError } from "../errors.js";
import { resolveRoleModels } from "../models/resolve-model.js";
import { interruptSignals } from "../run/interrupt-signals.js";
import { runSimulation, type RunSummary } from "../run/run-simulation.js";
import { formatRunSummary } from "../run/run-summary-text.js";
import type { TaskSource } from "../run/task-source.js";
import { parsePriceTable, type PriceTable } from "../run/usage-ledger.js";
import { decimal, onOff, rolePair, wholeNumber } from "./option-parsers.js";

/** The flags of every command that plays tasks out: `simulate`, `run` and `demo`. */
export interface SimulationFlags {
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
  progress: boolean;
}

export function addModelFlags(command: Command): Command {
  return command
    .option("--model <spec>", "sim | openai:<name> | <name> (served at --base-url)", "sim")
    .option("--role-model <role=spec>", "a different model for one role (user, assistant, tool); repeatable", rolePair)
    .option("--base-url <url>", "any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, LM Studio, button sim-server)")
    .option("--seed <n>", "seed for the simulator and ids", wholeNumber(0), 0)
    .option("--timeout-ms <ms>", "per-request timeout for real endpoints, headers and body (default 120000: two minutes)", wholeNumber(1), 120_000);
}

export function addSimulationFlags(command: Command): Command {
  return addModelFlags(command)
    .option("--concurrency <n>", "tasks in flight at once", wholeNumber(1), 4)
    .option("--max-turns <n>", "assistant turns before a trajectory is rejected", wholeNumber(1), 12)
    .option("--max-retries <n>", "corrective retries per model call for unusable output", wholeNumber(0), 2)
    .option("--parallel <on|off>", "allow parallel function calls in one turn", onOff, true)
    .option("--protocol <name>", "native (OpenAI tool calls) or tagged (BUTTON <call> text)", "native")
    .option("--resume", "continue an existing run directory, skipping finished tasks")
    .option("--force", "with --resume: continue even though the config changed")
    .option("--target <n>", "stop once this many trajectories are accepted", wholeNumber(1))
    .option("--max-tokens <n>", "stop drawing tasks once this many tokens are spent", wholeNumber(1))
    .option("--max-cost <x>", "stop drawing tasks once this much is spent (needs --prices)", decimal(0))
    .option("--prices <file>", 'JSON price table per million tokens: {"gpt-4o": {"prompt": 2.5, "completion": 10}}')
    .option("--rpm <n>", "requests per minute per endpoint", wholeNumber(1))
    .option("--tpm <n>", "tokens per minute per endpoint", wholeNumber(1))
    .option("--max-attempts <n>", "tries per model call on 429/5xx/timeouts, the first included", wholeNumber(1), 6)
    .option("--no-checks", "skip the trajectory checks (verdicts) on accepted records")
    .option("--personas", "a user persona per task (terse, vague-then-clarifying, non-native speaker)")
    .option("--critic <rounds>", "a critic reviews final answers and sends them back up to <rounds> times; pairs go to preferences.jsonl", wholeNumber(1))
    .option("--tool-error-rate <r>", "share of tool calls that fail realistically (timeout, not found, …) so the data teaches recovery", decimal(0, 1))
    .option("--no-progress", "no progress bar or progress lines");
}

/** Play `tasks` out into `outDir` as the flags say, print the summary, and return it. */
export async function simulateWithFlags(tasks: string | TaskSource, outDir: string, flags: SimulationFlags): Promise<RunSummary> {
  if (flags.protocol !== "native" && flags.protocol !== "tagged") {
    throw new UserError(`--protocol must be 'native' or 'tagged', got '${flags.protocol}'`, { field: "protocol", code: "invalid-config" });
  }
  if (flags.force && !flags.resume) {
    throw new UserError("--force only applies with --resume", { field: "force", code: "invalid-config" });
  }
  const models = resolveRoleModels({
    model: flags.model,
    roles: flags.roleModel,
    baseUrl: flags.baseUrl,
    seed: flags.seed,
    timeoutMs: flags.timeoutMs,
    // The runner retries each call itself (backoff, Retry-After); client retries would multiply.
    clientRetries: 0,
  });
  const graph = graphFromFlags(flags);
  // Preference pairs are appended in the order records finish; one chain keeps appends whole.
  let preferenceWrites = Promise.resolve();
  const preferencesFile = join(outDir, PREFERENCES_FILE);
  const interrupts = interruptSignals();
  try {
    const summary = await runSimulation({
      tasks,
      outDir,
      graph,
      onRecord: flags.critic
        ? (record, accepted) => {
            if (accepted) preferenceWrites = preferenceWrites.then(() => appendPreferences(preferencesFile, preferencePairs(record)));
          }
        : undefined,
      simulation: { models, maxTurns: flags.maxTurns, maxRetries: flags.maxRetries, parallel: flags.parallel, protocol: flags.protocol, seed: flags.seed },
      verify: flags.checks ? undefined : false,
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
    process.stdout.write(`${formatRunSummary(summary)}\n`);
    if (summary.status === "failed") process.exitCode = 1;
    return summary;
  } finally {
    interrupts.dispose();
  }
}

/** The standard graph, with the roles the flags ask for swapped in or added. */
function graphFromFlags(flags: SimulationFlags): TrajectoryGraphBuilder | undefined {
  if (!flags.personas && !flags.critic && flags.toolErrorRate === undefined) return undefined;
  let graph = trajectoryGraph();
  if (flags.personas) graph = graph.replaceRole(personaUserRole());
  if (flags.toolErrorRate !== undefined) graph = graph.replaceRole(errorInjectingToolsRole({ rate: flags.toolErrorRate }));
  if (flags.critic) graph = graph.addRole(criticRole({ maxRounds: flags.critic }), { between: ["assistant", "end"] });
  return graph;
}

async function readPrices(path: string): Promise<PriceTable> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UserError(`cannot read the price table: ${(error as Error).message}`, { file: path, code: "invalid-config" });
  }
  const table = (value as { prices?: unknown })?.prices ?? value;
  return parsePriceTable(table, path);
}
