import type { Command } from "commander";
import { wholeNumber } from "../option-parsers.js";
import { addSimulationFlags, simulateWithFlags, type SimulationFlags } from "../simulation-flags.js";

/** `button simulate --tasks FILE --out DIR`: task records → trajectories (top-down simulation). */
export function registerSimulateCommand(program: Command): Command {
  const command = program
    .command("simulate")
    .description("play composite tasks out as multi-turn function-calling trajectories (top-down simulation)")
    .requiredOption("--tasks <file>", "task records, one JSON object a line")
    .requiredOption("--out <dir>", "run directory (trajectories.jsonl, rejected.jsonl, manifest.json)");
  command.option("--limit <n>", "read at most this many input tasks", wholeNumber(1));
  return addSimulationFlags(command).action(async (flags: SimulationFlags & { tasks: string; out: string }) => {
    await simulateWithFlags(flags.tasks, flags.out, flags);
  });
}
