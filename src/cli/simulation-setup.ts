/**
 * The simulation the CLI flags describe, as a worker setup module: with `--processes N` each
 * child imports this file and calls `simulationFromFlags` with the parent's flags, so it builds
 * the very models and graph the parent built from them (`graphAndModelsFromFlags`, one place).
 */
import type { WorkerSimulation } from "../run/process-pool/index.js";
import { graphAndModelsFromFlags, simulationOptionsFromFlags, type SimulationSetupFlags } from "./simulation-flags.js";

export async function simulationFromFlags(flags: SimulationSetupFlags): Promise<WorkerSimulation> {
  const { graph, models } = await graphAndModelsFromFlags(flags);
  return { graph, simulation: simulationOptionsFromFlags(flags, models) };
}
