import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { exportRecords } from "../../formats/export-records.js";
import { validateFile } from "../../verify/validate-file.js";
import { wholeNumber } from "../option-parsers.js";
import { addSimulationFlags, simulateWithFlags, type SimulationFlags } from "../simulation-flags.js";

/** The bundled example tasks, found beside the sources and beside the built package alike. */
export const EXAMPLE_TASKS = fileURLToPath(new URL("../../../examples/tasks.jsonl", import.meta.url));

/** The files a demo run writes; only these are cleared before a new demo. */
const DEMO_FILES = ["trajectories.jsonl", "rejected.jsonl", "manifest.json", "button.jsonl", "openai.jsonl"];

/**
 * `button demo [--out DIR]`: the whole top-down pipeline on the bundled example tasks, offline
 * on the simulator: trajectories, checks, BUTTON and OpenAI exports, and their validation.
 */
export function registerDemoCommand(program: Command): Command {
  const command = program
    .command("demo")
    .description("offline end-to-end run on the bundled example tasks (simulator model, no key, no network)")
    .option("--out <dir>", "run directory; a previous demo there is replaced", join("out", "demo"))
    .option("--tasks <file>", "task records to use instead of the bundled examples", EXAMPLE_TASKS);
  command.option("--limit <n>", "read at most this many input tasks", wholeNumber(1));
  return addSimulationFlags(command).action(async (flags: SimulationFlags & { out: string; tasks: string }) => {
    if (!flags.resume) await Promise.all(DEMO_FILES.map((file) => rm(join(flags.out, file), { force: true })));
    const summary = await simulateWithFlags(flags.tasks, flags.out, flags);
    if (summary.status === "failed") return;
    const trajectories = join(flags.out, "trajectories.jsonl");
    for (const format of ["button", "openai"] as const) {
      const target = join(flags.out, `${format}.jsonl`);
      const exported = await exportRecords(trajectories, format, target);
      const report = await validateFile(target, { format });
      process.stdout.write(
        `${format}: wrote ${exported.written} records to ${target}; validate: ${report.valid} valid, ${report.invalid.length} invalid\n`,
      );
      if (report.invalid.length > 0) process.exitCode = 1;
    }
  });
}
