import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import { constructTasks, type ConstructTasksResult } from "../../graphs/construct-tasks.js";
import type { ConstructionStats } from "../../graphs/construction/construction-stats.js";
import { parseStrategyMix } from "../../graphs/construction/strategy-mix.js";
import { SimChatModel } from "../../models/sim/sim-chat-model.js";
import { constructionSimSkills } from "../../models/sim/skills/construction/index.js";
import { defaultSimSkills } from "../../models/sim/skills/index.js";

export interface ModelRequest {
  /** `sim`, `openai:<name>` or a bare model name served at `baseUrl`. */
  model: string;
  baseUrl?: string;
  seed: number;
}

export interface ConstructCommandDependencies {
  /** How `--model` becomes a chat model; the default knows `sim` and OpenAI-compatible endpoints. */
  resolveModel?: (request: ModelRequest) => BaseChatModel | Promise<BaseChatModel>;
  /** Where the summary goes (default: stdout). */
  log?: (line: string) => void;
}

interface ConstructFlags {
  seeds: string;
  out: string;
  count?: string;
  seed: string;
  concurrency: string;
  model: string;
  baseUrl?: string;
  limit?: string;
  strategyMix?: string;
  maxDepth?: string;
  dedupThreshold?: string;
}

/** `button construct --seeds FILE|DIR --out DIR [--count N]`: seeds → `<out>/tasks.jsonl` and `<out>/rejected_tasks.jsonl`. */
export function registerConstructCommand(program: Command, dependencies: ConstructCommandDependencies = {}): Command {
  return program
    .command("construct")
    .description("Build composite function-calling tasks from seed conversations (BUTTON bottom-up construction).")
    .requiredOption("--seeds <path>", "seed file or directory (glaive, ShareGPT, ToolBench, OpenAI chat; JSON or JSONL)")
    .requiredOption("--out <dir>", "output directory for tasks.jsonl and rejected_tasks.jsonl")
    .option("--count <n>", "target number of composite tasks; scenarios are expanded up to it")
    .option("--seed <n>", "random seed of the simulator model", "0")
    .option("--concurrency <n>", "most model calls at once", "4")
    .option("--model <name>", "sim | openai:<model> | <model> at --base-url", "sim")
    .option("--base-url <url>", "OpenAI-compatible endpoint (vLLM, Ollama, LM Studio, …); key from OPENAI_API_KEY")
    .option("--limit <n>", "read at most N seeds")
    .option("--strategy-mix <weights>", "e.g. sequential=1,parallel-then-sequential=1,sequential-chain=1")
    .option("--max-depth <n>", "most sub-tasks of a sequential-chain task (2-4)", "4")
    .option("--dedup-threshold <x>", "scenario similarity counted as duplicate (0-1)")
    .action(async (flags: ConstructFlags) => {
      const seed = integerFlag(flags.seed, "--seed", 0);
      const model = await (dependencies.resolveModel ?? defaultModel)({ model: flags.model, baseUrl: flags.baseUrl, seed });
      const result = await constructTasks({
        seeds: flags.seeds,
        outDir: flags.out,
        model,
        seed,
        count: flags.count === undefined ? undefined : integerFlag(flags.count, "--count", 1),
        concurrency: integerFlag(flags.concurrency, "--concurrency", 1),
        limit: flags.limit === undefined ? undefined : integerFlag(flags.limit, "--limit", 1),
        strategyMix: flags.strategyMix ? parseStrategyMix(flags.strategyMix) : undefined,
        maxDepth: flags.maxDepth === undefined ? undefined : integerFlag(flags.maxDepth, "--max-depth", 2),
        dedupThreshold: flags.dedupThreshold === undefined ? undefined : fractionFlag(flags.dedupThreshold, "--dedup-threshold"),
      });
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
  if (result.files) lines.push(`wrote ${result.files.tasks}`, `wrote ${result.files.rejected}`);
  return lines;
}

async function defaultModel(request: ModelRequest): Promise<BaseChatModel> {
  if (request.model === "sim") return new SimChatModel({ seed: request.seed, skills: [...constructionSimSkills(), ...defaultSimSkills()] });
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({
    model: request.model.replace(/^openai:/, ""),
    temperature: 0,
    ...(request.baseUrl ? { configuration: { baseURL: request.baseUrl } } : {}),
    ...(request.baseUrl && !process.env.OPENAI_API_KEY ? { apiKey: "not-needed" } : {}),
  });
}

function integerFlag(text: string, flag: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new UserError(`${flag} must be a whole number of at least ${minimum}, got '${text}'`, { field: flag, code: "invalid-config" });
  }
  return value;
}

function fractionFlag(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new UserError(`${flag} must be a number in (0, 1], got '${text}'`, { field: flag, code: "invalid-config" });
  }
  return value;
}
