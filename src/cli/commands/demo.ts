import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { constructTasks } from "../../graphs/construct-tasks.js";
import { exportRecords } from "../../formats/export-records.js";
import { loadModel } from "../../models/resolve-model.js";
import { collectReportData } from "../../report/report-data.js";
import { renderReportHtml } from "../../report/report-html.js";
import { validateFile } from "../../verify/validate-file.js";
import { wholeNumber } from "../option-parsers.js";
import { addSimulationFlags, simulateWithFlags, type SimulationFlags } from "../simulation-flags.js";
import { summaryLines } from "./construct.js";
import { withOutputDirectory } from "../output-directory.js";

/** The bundled examples, found beside the sources and beside the built package alike. */
export const EXAMPLE_TASKS = fileURLToPath(new URL("../../../examples/tasks.jsonl", import.meta.url));
export const EXAMPLE_SEEDS = fileURLToPath(new URL("../../../examples/seeds/", import.meta.url));

/** The files a demo run writes; only these are cleared before a new demo. */
const DEMO_FILES = ["trajectories.jsonl", "rejected.jsonl", "manifest.json", "button.jsonl", "openai.jsonl", "report.html", "from-seeds"];

interface DemoFlags extends SimulationFlags {
  out: string;
  tasks: string;
  seeds: string;
  count: number;
}

/**
 * `button demo [--out DIR]`: the whole pipeline, offline on the simulator.
 * 1. Top-down: the bundled example tasks → trajectories (checked) → BUTTON and OpenAI exports,
 *    each validated, plus an HTML statistics report.
 * 2. Bottom-up then top-down: the bundled seed conversations → composite tasks → trajectories,
 *    in `<out>/from-seeds`.
 */
export function registerDemoCommand(program: Command): Command {
  const command = program
    .command("demo")
    .description("offline end-to-end run on the bundled examples (simulator model, no key, no network)")
    .option("--out <dir>", "run directory; earlier output there is kept unless --overwrite", join("out", "demo"))
    .option("--tasks <file>", "task records to use instead of the bundled examples", EXAMPLE_TASKS)
    .option("--seeds <path>", "seed conversations for the construction part", EXAMPLE_SEEDS)
    .option("--count <n>", "composite tasks to construct from the seeds", wholeNumber(1), 12)
    .option("--limit <n>", "read at most this many input tasks", wholeNumber(1));
  return addSimulationFlags(command).action(async (flags: DemoFlags) => {
    const claim = { files: DEMO_FILES, inputs: [flags.tasks, flags.seeds], overwrite: flags.overwrite, resume: flags.resume, command: "demo" };
    await withOutputDirectory(flags.out, claim, () => demo(flags));
  });
}

async function demo(given: DemoFlags): Promise<void> {
  // On the offline simulator the demo also judges every trajectory (the simulated judge scores from
  // what it can compute), so the report shows the judge's scores; a real model is judged only on request.
  const flags: DemoFlags = { ...given, judge: given.judge ?? (given.model === "sim" ? "sim" : undefined) };
  {

    process.stdout.write("== 1. example tasks → trajectories → exports\n");
    const summary = await simulateWithFlags(flags.tasks, flags.out, { ...flags, overwrite: false });
    if (summary.status === "failed") return;
    const trajectories = join(flags.out, "trajectories.jsonl");
    for (const format of ["button", "openai"] as const) {
      const target = join(flags.out, `${format}.jsonl`);
      const exported = await exportRecords(trajectories, format, target);
      const report = await validateFile(target, { format });
      process.stdout.write(`${format}: wrote ${exported.written} records to ${target}; validate: ${report.valid} valid, ${report.invalid.length} invalid\n`);
      if (report.invalid.length > 0) process.exitCode = 1;
    }
    const reportFile = join(flags.out, "report.html");
    await writeFile(reportFile, renderReportHtml(await collectReportData(flags.out, { title: "button demo", tokenizer: "o200k_base" })));
    process.stdout.write(`report: ${reportFile}\n`);

    process.stdout.write("\n== 2. seed conversations → composite tasks → trajectories\n");
    const fromSeeds = join(flags.out, "from-seeds");
    if (flags.resume && (await exists(join(fromSeeds, "tasks.jsonl")))) {
      await simulateWithFlags(join(fromSeeds, "tasks.jsonl"), fromSeeds, { ...flags, limit: undefined, force: false, overwrite: false });
      return;
    }
    // Without tasks there is nothing to resume: the construction part starts afresh.
    await rm(fromSeeds, { recursive: true, force: true });
    const constructed = await constructTasks({
      seeds: flags.seeds,
      outDir: fromSeeds,
      count: flags.count,
      seed: flags.seed,
      model: await loadModel(flags.model, { baseUrl: flags.baseUrl, seed: flags.seed, timeoutMs: flags.timeoutMs }),
    });
    for (const line of summaryLines(constructed)) process.stdout.write(`${line}\n`);
    await simulateWithFlags(join(fromSeeds, "tasks.jsonl"), fromSeeds, { ...flags, limit: undefined, resume: false, force: false, overwrite: false });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
