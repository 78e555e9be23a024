import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Command } from "commander";
import { constructTasks, type ConstructTasksResult } from "../../graphs/construct-tasks.js";
import type { ConstructionStats } from "../../graphs/construction/construction-stats.js";
import { parseStrategyMix } from "../../graphs/construction/strategy-mix.js";
import { resolveEmbeddings, resolveModel } from "../../models/resolve-model.js";
import { decimal, wholeNumber } from "../option-parsers.js";
import { addModelFlags } from "../simulation-flags.js";
import type { Transport } from "../../agents/model-call.js";
import { isModelBehaviorError, SystemError } from "../../errors.js";
import { describeModelFailure } from "../../run/failure-description.js";
import { clearOutputFiles } from "../../run/output-guard.js";
import { withOutputDirectory } from "../output-directory.js";
import { MAX_CONCURRENCY } from "../../run/run-simulation.js";

/** What construction writes in its output directory. */
export const CONSTRUCTION_FILES = ["tasks.jsonl", "rejected_tasks.jsonl", "construction.json"] as const;

export interface ConstructCommandDependencies {
  /** How `--model` becomes a chat model (default: `resolveModel`, which knows `sim` and OpenAI-compatible endpoints). */
  resolveModel?: (request: { model: string; baseUrl?: string; seed: number; timeoutMs: number }) => BaseChatModel | Promise<BaseChatModel>;
  /** Where the summary goes (default: stdout). */
  log?: (line: string) => void;
}

export interface ConstructFlags {
  seeds: string;
  out: string;
  count?: number;
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
  overwrite?: boolean;
}

/** Add the construction flags (`--seeds`, `--count`, strategies, dedup) to a command. */
export function addConstructionFlags(command: Command): Command {
  return command
    .requiredOption("--seeds <path>", "seed file or directory (glaive, ShareGPT, ToolBench, OpenAI chat; JSON or JSONL)")
    .option("--count <n>", "target number of composite tasks; scenarios are expanded up to it", wholeNumber(1))
    .option("--limit <n>", "read at most N seeds", wholeNumber(1))
    .option("--strategy-mix <weights>", "e.g. sequential=1,parallel-then-sequential=1,sequential-chain=1")
    .option("--max-depth <n>", "most sub-tasks of a sequential-chain task (2-4)", wholeNumber(2), 4)
    .option("--dedup-threshold <x>", "scenario similarity counted as duplicate (0-1)", decimal(0, 1))
    .option("--embeddings <model>", "dedup scenarios by embedding cosine: sim | openai:<name> | <name> at --base-url (default: MinHash)");
}

/** Build tasks from seeds into `outDir` as the flags say. */
export async function constructWithFlags(flags: ConstructFlags, outDir: string, dependencies: ConstructCommandDependencies = {}): Promise<ConstructTasksResult> {
  const request = { model: flags.model, baseUrl: flags.baseUrl, seed: flags.seed, timeoutMs: flags.timeoutMs };
  const model = dependencies.resolveModel
    ? await dependencies.resolveModel(request)
    : resolveModel(flags.model, { baseUrl: flags.baseUrl, seed: flags.seed, timeoutMs: flags.timeoutMs, temperature: flags.model === "sim" ? undefined : 0 });
  const failures = failureRecorder();
  const result = await constructTasks({
    transport: failures.transport,
    seeds: flags.seeds,
    outDir,
    model,
    seed: flags.seed,
    count: flags.count,
    concurrency: flags.concurrency,
    limit: flags.limit,
    strategyMix: flags.strategyMix ? parseStrategyMix(flags.strategyMix) : undefined,
    maxDepth: flags.maxDepth,
    dedupThreshold: flags.dedupThreshold,
    embeddings: flags.embeddings ? resolveEmbeddings(flags.embeddings, { baseUrl: flags.baseUrl }) : undefined,
  });
  // Nothing made and the model calls failed: that is a failed command, with the cause, not a summary.
  if (result.stats.tasksAccepted === 0 && failures.first !== undefined) {
    // The files hold nothing of value and would only block the rerun that fixes the cause.
    await clearOutputFiles(outDir, CONSTRUCTION_FILES);
    throw new SystemError("transport", `construction produced no tasks: ${describeModelFailure(failures.first)}`, { cause: failures.first });
  }
  return result;
}

/** A transport that passes calls through and keeps the first failure, to explain an empty result. */
function failureRecorder(): { transport: Transport; first?: unknown } {
  const recorder: { transport: Transport; first?: unknown } = {
    transport: async (invoke) => {
      try {
        return await invoke();
      } catch (error) {
        if (!isModelBehaviorError(error)) recorder.first ??= error;
        throw error;
      }
    },
  };
  return recorder;
}

/** `button construct --seeds FILE|DIR --out DIR [--count N]`: seeds → `<out>/tasks.jsonl` and `<out>/rejected_tasks.jsonl`. */
export function registerConstructCommand(program: Command, dependencies: ConstructCommandDependencies = {}): Command {
  const command = program
    .command("construct")
    .description("Build composite function-calling tasks from seed conversations (BUTTON bottom-up construction).")
    .requiredOption("--out <dir>", "output directory for tasks.jsonl and rejected_tasks.jsonl")
    .option("--concurrency <n>", "most model calls at once", wholeNumber(1, MAX_CONCURRENCY), 4)
    .option("--overwrite", "replace earlier output in --out (default: refuse)");
  return addModelFlags(addConstructionFlags(command)).action(async (flags: ConstructFlags) => {
    const claim = { files: CONSTRUCTION_FILES, inputs: [flags.seeds], overwrite: flags.overwrite, command: "construct" };
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
    ["tasksAccepted", "tasks written"],
    ["tasksRejected", "tasks rejected"],
  ];
  const lines = labels.map(([key, label]) => `${label}: ${result.stats[key]}`);
  const { prompt_tokens, completion_tokens } = result.usage.total;
  lines.push(`tokens: ${prompt_tokens} prompt + ${completion_tokens} completion`);
  if (result.files) lines.push(`wrote ${result.files.tasks}`, `wrote ${result.files.rejected}`, `wrote ${result.files.manifest}`);
  return lines;
}
