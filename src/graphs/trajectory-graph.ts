import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { trajectoryGraph } from "./trajectory-graph-builder.js";
import type { SimulationOptions } from "./trajectory/simulation-options.js";

export type { SimulationOptions, ResolvedSimulationOptions, SimulationModels } from "./trajectory/simulation-options.js";
export { resolveSimulationOptions } from "./trajectory/simulation-options.js";
export { toTrajectoryRecord, modelId } from "./trajectory/trajectory-record.js";

/**
 * The standard trajectory graph: START → user → assistant → (tools → assistant)* → END.
 * A clarifying question routes back to the user; a final answer, a rejection or the turn
 * cap routes to END. To change roles, use `trajectoryGraph()` (the builder).
 */
export function buildTrajectoryGraph(options: SimulationOptions) {
  return trajectoryGraph().compile(options);
}

/**
 * Play one composite task out on the standard graph and return its trajectory record.
 * Model-behaviour failures and the turn cap give a record with `reason` set (rejected);
 * only transport and system failures throw, so the runner can retry or record them.
 */
export async function simulateTask(task: TaskRecord, options: SimulationOptions): Promise<TrajectoryRecord> {
  return trajectoryGraph().simulate(task, options);
}
