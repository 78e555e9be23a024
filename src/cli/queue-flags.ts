import type { TrajectoryGraphBuilder } from "../graphs/trajectory-graph-builder.js";
import type { SimulationOptions } from "../graphs/trajectory-graph.js";
import { UserError } from "../errors.js";
import type { RateLimits } from "../run/rate-limit.js";
import { configHash } from "../run/run-manifest.js";
import { simulationConfig, simulationRoleModels } from "../run/run-config.js";
import type { PriceTable } from "../run/usage-ledger.js";
import { graphAndModelsFromFlags, readPrices, type SimulationFlags } from "./simulation-flags.js";

/** What `enqueue` and `worker` both build from the simulation flags; the config hash must agree. */
export interface QueueSimulation {
  simulation: Omit<SimulationOptions, "signal" | "transport">;
  graph?: TrajectoryGraphBuilder;
  verify?: false;
  config: Record<string, unknown>;
  configHash: string;
  roleModels: Record<string, string>;
  prices?: PriceTable;
  rateLimits?: RateLimits;
}

/** The simulation as `button simulate` would run it with these flags (see simulateWithFlags). */
export async function queueSimulationFromFlags(flags: SimulationFlags): Promise<QueueSimulation> {
  if (flags.protocol !== "native" && flags.protocol !== "tagged") {
    throw new UserError(`--protocol must be 'native' or 'tagged', got '${flags.protocol}'`, { field: "protocol", code: "invalid-config" });
  }
  if (flags.judge) {
    // The judge runs in the single-process runner only; silently skipping it on workers would mislabel the data.
    throw new UserError("--judge is not supported on a queue yet: run the queue without --judge, or judge in one process with `button simulate --judge`", { field: "judge", code: "invalid-config" });
  }
  const { graph, models } = await graphAndModelsFromFlags(flags);
  const simulation = { models, maxTurns: flags.maxTurns, maxRetries: flags.maxRetries, parallel: flags.parallel, protocol: flags.protocol, seed: flags.seed };
  const verify = flags.checks ? undefined : (false as const);
  const config = simulationConfig(simulation, { graph, verify });
  return {
    simulation,
    graph,
    verify,
    config,
    configHash: configHash(config),
    roleModels: simulationRoleModels(simulation),
    prices: flags.prices ? await readPrices(flags.prices) : undefined,
    rateLimits: flags.rpm || flags.tpm ? { requestsPerMinute: flags.rpm, tokensPerMinute: flags.tpm } : undefined,
  };
}
