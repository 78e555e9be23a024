import type { SimulationOptions } from "../../graphs/trajectory-graph.js";
import type { TrajectoryGraphBuilder } from "../../graphs/trajectory-graph-builder.js";

/**
 * How a child process builds what it plays tasks with. Models and graphs are objects that cannot
 * cross a process boundary, so each child imports `module`, calls its export with `settings`
 * (plain JSON: model specs, base URL, seed, …) and gets the same options the parent was given.
 */
export interface WorkerSetup {
  /** A file URL or absolute path of an ES module. */
  module: string;
  /** The export to call (default `default`); see {@link WorkerSetupFunction}. */
  export?: string;
  /** JSON handed to that function. */
  settings?: unknown;
}

/** What a setup module exports: JSON settings in, the trajectory graph's options out. */
export type WorkerSetupFunction = (settings: unknown) => WorkerSimulation | Promise<WorkerSimulation>;

export interface WorkerSimulation {
  simulation: Omit<SimulationOptions, "signal" | "transport">;
  graph?: TrajectoryGraphBuilder;
}
