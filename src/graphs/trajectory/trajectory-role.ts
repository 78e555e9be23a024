import type { AgentRole } from "../../agents/agent-role.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue, TrajectoryUpdate } from "./trajectory-state.js";

/**
 * A role in the trajectory graph. It reads the JSON-plain trajectory state and returns an
 * update: new `messages`, the `next` role (or `"end"`), usage, and its private `meta` entry.
 */
export type TrajectoryRole = AgentRole<TrajectoryStateValue, TrajectoryUpdate, ResolvedSimulationOptions>;

/** Identity helper so a role literal gets its parameter types inferred. */
export function defineTrajectoryRole(role: TrajectoryRole): TrajectoryRole {
  return role;
}

/** A role's private entry in `state.meta` (undefined before its first write). */
export function roleMeta<T>(state: TrajectoryStateValue, name: string): T | undefined {
  return state.meta[name] as T | undefined;
}
