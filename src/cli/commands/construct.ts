import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Command } from "commander";
import type { ConstructTasksResult } from "../../graphs/construct-tasks.js";
import type { ConstructionStats } from "../../graphs/construction/construction-stats.js";
import { parseStrategyMix } from "../../graphs/construction/strategy-mix.js";
import { parseNegativeMix } from "../../graphs/construction/negative-variants.js";
import { loadModel, resolveEmbeddings } from "../../models/resolve-model.js";
import { interruptSignals } from "../../run/interrupt-signals.js";
import { CONSTRUCTION_JOURNAL, CONSTRUCTION_MANIFEST, runConstruction } from "../../run/run-construction.js";
import { isSystemError, SystemError } from "../../errors.js";
import { describeModelFailure } from "../../run/failure-description.js";
import { MAX_CONCURRENCY, RUN_DEFAULTS } from "../../run/run-options.js";
import { withOutputDirectory } from "../output-directory.js";
import { terminalSafe } from "../terminal-text.js";
import type { ProgressReporter } from "../../run/progress-reporter.js";
import { decimal, wholeNumber } from "../option-parsers.js";
import { addModelFlags, tracingFromFlags, type TracingFlags } from "../simulation-flags.js";

/** What construction writes in its output directory. */
export const CONSTRUCTION_FILES = ["tasks.jsonl", "rejected_tasks.jsonl", CONSTRUCTION_MANIFEST, CONSTRUCTION_JOURNAL, "faults.jsonl"] as const;

export interface ConstructCommandDependencies {
  /** How `--model` becomes a chat model (default: `loadModel`: `sim`, OpenAI-compatible endpoints, and any provider `initChatModel` knows). */
  resolveModel?: (request: { model: string; baseUrl?: string; seed: number; timeoutMs: number }) => BaseChatModel | Promise<BaseChatModel>;
  /** Where the summary goes (default: stdout). */
  log?: (line: string) => void;
  /** Where warnings go as they happen, e.g. a malformed seed with its file, line and field (default: stderr). */
  warn?: (line: string) => void;
  /** The progress display unless `--no-progress` (default: a bar on a TTY, lines otherwise, on stderr). */
  progress?: ProgressReporter;
}

export interface ConstructFlags extends TracingFlags {
  seeds: string;
  out: string;
  count?: number;
  maxAttemptsPerTask?: number;
  seed: number;
  concurrency: number;
  model: string;
  baseUrl?: string;
  timeoutMs: number;
  limit?: number;
  strategyMix?: string;
  maxDepth: number;
  dedupThreshold?: number;
  embeddings?: string;
  negatives?: string;
  resume?: boolean;
  force?: boolean;
  maxAttempts?: number;
  rpm?: number;
  tpm?: number;
  maxTokens?: number;
  /** `--no-progress` sets it to false. */
  progress?: boolean;
  overwrite?: boolean;
}

/** Add the construction flags (`--seeds`, `--count`, strategies, dedup) to a command. */
export function addConstructionFlags(command: Command): Command {
  return command
    .requiredOption("--seeds <path>", "seed file or directory (glaive, ShareGPT, ToolBench, OpenAI chat; JSON or JSONL)")
    .option("--count <n>", "number of tasks to write; candidates run in batches (scenarios expanded as needed) until N pass", wholeNumber(1))
    .option("--max-attempts-per-task <n>", "with --count: most candidates tried per task wanted (default 5)", decimal(1))
    .option("--limit <n>", "read at most N seeds", wholeNumber(1))
    .option("--strategy-mix <weights>", "e.g. sequential=1,parallel-then-sequential=1,sequential-chain=1")
    .option("--max-depth <n>", "most sub-tasks of a sequential-chain task (2-4)", wholeNumber(2), 4)
    .option("--dedup-threshold <x>", "scenario similarity counted as duplicate (0-1)", decimal(0, 1))
    .option("--embeddings <model>", "dedup scenarios by embedding cosine: sim | openai:<name> | <name> at --base-url (default: MinHash)")
    .option("--negatives <shares>", "share of negative variants, e.g. irrelevance=0.1,missing-info=0.1,missing-function=0.05 (see docs/negative-cases.md)");
}

/** Build tasks from seeds into `outDir` as the flags say. */
export async function constructWithFlags(flags: ConstructFlags, outDir: string, dependencies: ConstructCommandDependencies = {}): Promise<ConstructTasksResult> {
  const request = { model: flags.model, baseUrl: flags.baseUrl, seed: flags.seed, timeoutMs: flags.timeoutMs };
  const model = dependencies.resolveModel
    ? await dependencies.resolveModel(request)
    : await loadModel(flags.model, {
        baseUrl: flags.baseUrl,
        seed: flags.seed,
        timeoutMs: flags.timeoutMs,
        temperature: flags.model === "sim" ? undefined : 0,
        // The run retries each call itself (backoff, Retry-After); client retries would multiply.
        clientRetries: 0,
      });
  const interrupts = interruptSignals();
  const warn = dependencies.warn ?? ((line: string) => void process.stderr.write(`${terminalSafe(line)}\n`));
  try {
    return await runConstruction({
      seeds: flags.seeds,
      outDir,
      model,
      resume: flags.resume,
      force: flags.force,
      retry: { maxAttempts: flags.maxAttempts },
      rateLimits: flags.rpm || flags.tpm ? { "*": { requestsPerMinute: flags.rpm, tokensPerMinute: flags.tpm } } : undefined,
      maxTokens: flags.maxTokens,
      // The first Ctrl-C stops construction; the journal keeps every answer received for --resume.
      signal: interrupts.drain,
      seed: flags.seed,
      count: flags.count,
      maxAttemptsPerTask: flags.maxAttemptsPerTask,
      concurrency: flags.concurrency,
      limit: flags.limit,
      strategyMix: flags.strategyMix ? parseStrategyMix(flags.strategyMix) : undefined,
      maxDepth: flags.maxDepth,
      dedupThreshold: flags.dedupThreshold,
      embeddings: flags.embeddings ? resolveEmbeddings(flags.embeddings, { baseUrl: flags.baseUrl }) : undefined,
      tracing: tracingFromFlags(flags),
      negatives: flags.negatives ? parseNegativeMix(flags.negatives) : undefined,
      progress: flags.progress === false ? false : (dependencies.progress ?? "auto"),
      // Said as they are met, so a construction that stops early still names the bad lines; the message names file, line and field.
      onMalformedSeed: (seed) => warn(`[button] warning: malformed seed skipped: ${seed.message}`),
    });
  } catch (error) {
    // An endpoint that failed past its retries: say why in one line; the journal keeps what was received.
    if (isSystemError(error)) {
      throw new SystemError(error.code, `construction stopped: ${describeModelFailure(error)}. Answers received so far are kept in ${CONSTRUCTION_JOURNAL}; fix the cause and rerun with --resume.`, { cause: error });
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}

/** `button construct --seeds FILE|DIR --out DIR [--count N]`: seeds → `<out>/tasks.jsonl` and `<out>/rejected_tasks.jsonl`. */
export function registerConstructCommand(program: Command, dependencies: ConstructCommandDependencies = {}): Command {
  const command = program
    .command("construct")
    .description("Build composite function-calling tasks from seed conversations (BUTTON bottom-up construction).")
    .requiredOption("--out <dir>", "output directory for tasks.jsonl and rejected_tasks.jsonl")
    .option("--concurrency <n>", "most model calls at once", wholeNumber(1, MAX_CONCURRENCY), 4)
    .option("--overwrite", "replace earlier output in --out (default: refuse)")
    .option("--resume", "continue an interrupted construction: answers already received are replayed from construction-journal.jsonl")
    .option("--force", "with --resume: continue even though the configuration changed")
    .option("--max-attempts <n>", "tries per model call on 429/5xx/timeouts, the first included", wholeNumber(1), RUN_DEFAULTS.retryAttempts)
    .option("--rpm <n>", "requests per minute", wholeNumber(1))
    .option("--tpm <n>", "tokens per minute", wholeNumber(1))
    .option("--max-tokens <n>", "stop asking the model once this many tokens are spent (resume with more to go on)", wholeNumber(1))
    .option("--no-progress", "no progress bar or progress lines");
  return addModelFlags(addConstructionFlags(command)).action(async (flags: ConstructFlags) => {
    const claim = { files: CONSTRUCTION_FILES, inputs: [flags.seeds], overwrite: flags.overwrite, resume: flags.resume, command: "construct" };
    const result = await withOutputDirectory(flags.out, claim, () => constructWithFlags(flags, flags.out, dependencies));
    const log = dependencies.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const line of summaryLines(result)) log(line);
  });
}

/** The run's counts, one `label: value` line each, then where the files are. */
export function summaryLines(result: ConstructTasksResult): string[] {
  const labels: Array<[keyof ConstructionStats, string]> = [
    ["seedsRead", "seeds read"],
    ["malformedLines", "malformed lines skipped"],
    ["skippedFiles", "unrecognised files skipped"],
    ["scenariosBeforeDedup", "scenarios extracted"],
    ["scenariosAfterDedup", "scenarios after dedup"],
    ["scenariosExpanded", "scenarios added by expansion"],
    ["atomicTasks", "atomic tasks"],
    ["composedTasks", "composite tasks"],
    ["checkFailed", "failed composition check"],
    ["validationFailed", "failed function validation"],
    ["modelFailures", "unusable model answers"],
    ["functionsGenerated", "functions generated"],
    ["functionsMerged", "functions merged into near-duplicates"],
    ["functionsReused", "functions reused unchanged"],
    ["attempts", "candidates tried"],
    ["feedbackRounds", "sent back once with the reason"],
    ["rescuedByFeedback", "passed on the second try"],
    ["tasksRescued", "written tasks rescued by feedback"],
    ["tasksAccepted", "tasks written"],
    ["tasksRejected", "tasks rejected"],
  ];
  const lines = labels.map(([key, label]) => `${label}: ${result.stats[key]}`);
  for (const [name, made] of Object.entries(result.variants.made)) {
    const short = result.variants.shortfall[name];
    lines.push(`negative variant ${name}: ${made}${short ? ` (${short} fewer than asked: too few tasks allow it)` : ""}`);
  }
  // The message already names the file, the line and the field.
  for (const seed of result.malformedSeeds) lines.push(`malformed seed skipped: ${seed.message}`);
  const { prompt_tokens, completion_tokens } = result.usage.total;
  lines.push(`tokens: ${prompt_tokens} prompt + ${completion_tokens} completion`);
  if (result.files) lines.push(`wrote ${result.files.tasks}`, `wrote ${result.files.rejected}`, `wrote ${result.files.manifest}`);
  return lines;
}
