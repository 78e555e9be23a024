import type { Command } from "commander";
import { wholeNumber } from "../option-parsers.js";
import { addProcessesFlag, addSimulationFlags, simulateWithFlags, type SimulationFlags } from "../simulation-flags.js";
import { withOutputDirectory } from "../output-directory.js";

/** What `simulate` writes in its run directory. */
export const SIMULATION_FILES = ["trajectories.jsonl", "rejected.jsonl", "manifest.json", "preferences.jsonl"] as const;

/** `button simulate --tasks FILE --out DIR`: task records → trajectories (top-down simulation). */
export function registerSimulateCommand(program: Command): Command {
  const command = program
    .command("simulate")
    .description("play composite tasks out as multi-turn function-calling trajectories (top-down simulation)")
    .requiredOption("--tasks <file>", "task records, one JSON object a line")
    .requiredOption("--out <dir>", "run directory (trajectories.jsonl, rejected.jsonl, manifest.json)");
  command.option("--limit <n>", "read at most this many input tasks", wholeNumber(1));
  return addProcessesFlag(addSimulationFlags(command)).action(async (flags: SimulationFlags & { tasks: string; out: string }) => {
    const claim = { files: SIMULATION_FILES, inputs: [flags.tasks], overwrite: flags.overwrite, resume: flags.resume, command: "simulate" };
    await withOutputDirectory(flags.out, claim, () => simulateWithFlags(flags.tasks, flags.out, flags));
  });
}
