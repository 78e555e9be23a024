import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { CONSTRUCTION_MANIFEST } from "../../run/run-construction.js";
import { wholeNumber } from "../option-parsers.js";
import { MAX_CONCURRENCY } from "../../run/run-options.js";
import { addProcessesFlag, addSimulationFlags, simulateWithFlags, type SimulationFlags } from "../simulation-flags.js";
import { addConstructionFlags, constructWithFlags, CONSTRUCTION_FILES, summaryLines, type ConstructFlags } from "./construct.js";
import { withOutputDirectory } from "../output-directory.js";
import { SIMULATION_FILES } from "./simulate.js";

/**
 * `button run --seeds FILE|DIR --out DIR`: construct tasks, then simulate them, in one run
 * directory. With `--resume`, a finished `tasks.jsonl` is reused, and an interrupted construction
 * continues from its journal.
 */
export function registerRunCommand(program: Command): Command {
  const command = program
    .command("run")
    .description("construct composite tasks from seeds, then play them out as trajectories (bottom-up, then top-down)")
    .requiredOption("--out <dir>", "run directory (tasks.jsonl, trajectories.jsonl, rejected.jsonl, manifest.json)")
    .option("--construct-concurrency <n>", "most model calls at once during construction", wholeNumber(1, MAX_CONCURRENCY), 4);
  return addProcessesFlag(addSimulationFlags(addConstructionFlags(command))).action(
    async (flags: SimulationFlags & Omit<ConstructFlags, "concurrency"> & { out: string; constructConcurrency: number }) => {
      const tasksPath = join(flags.out, "tasks.jsonl");
      // Refused (and locked) before construction writes anything: an existing run keeps its tasks.
      const claim = { files: [...CONSTRUCTION_FILES, ...SIMULATION_FILES], inputs: [flags.seeds], overwrite: flags.overwrite, resume: flags.resume, command: "run" };
      await withOutputDirectory(flags.out, claim, async () => {
        if (flags.resume && (await exists(tasksPath)) && (await constructionComplete(flags.out))) {
          process.stdout.write(`reusing ${tasksPath} (--resume)\n`);
        } else {
          // An interrupted construction resumes from its journal: answers already received are not asked again.
          const result = await constructWithFlags({ ...flags, concurrency: flags.constructConcurrency }, flags.out);
          for (const line of summaryLines(result)) process.stdout.write(`${line}\n`);
        }
        // --limit bounds the seeds read; the simulation takes every task that construction wrote.
        await simulateWithFlags(tasksPath, flags.out, { ...flags, limit: undefined, overwrite: false });
      });
    },
  );
}

/** Whether construction in this directory finished (an older construction.json without a status counts as finished). */
async function constructionComplete(outDir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, CONSTRUCTION_MANIFEST), "utf8")) as { status?: string };
    return manifest.status === undefined || manifest.status === "complete";
  } catch {
    return true;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
