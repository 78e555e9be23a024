import { UserError } from "../errors.js";
import { modelId, resolveSimulationOptions } from "../graphs/trajectory-graph.js";
import { DEFAULT_JUDGE_THRESHOLD } from "../verify/judge-trajectory.js";
import type { RunOptions } from "./run-options.js";
import { isOfflineModel } from "./usage-ledger.js";

/** Every role's model, the extra ones (critic, judge, your own) included, so their tokens are priced under their own model. */
export function simulationRoleModels(simulation: NonNullable<RunOptions["simulation"]>): Record<string, string> {
  const models: Record<string, string> = {};
  for (const [role, model] of Object.entries(simulation.models)) if (model) models[role] = modelId(model);
  return models;
}

/** The settings that shape a trajectory; concurrency, budgets and targets are left out on purpose. */
export function simulationConfig(simulation: NonNullable<RunOptions["simulation"]>, options: Pick<RunOptions, "graph" | "verify" | "judge">): Record<string, unknown> {
  // The defaults come from the one place that sets them, so a changed default changes the hash with it.
  const resolved = resolveSimulationOptions(simulation);
  return {
    models: simulationRoleModels(simulation),
    protocol: resolved.protocol.name,
    parallel: resolved.parallel,
    max_turns: resolved.maxTurns,
    max_retries: resolved.maxRetries,
    seed: resolved.seed,
    real_tools: Object.keys(resolved.realTools).sort(),
    ...(options.graph ? { roles: options.graph.roleNames } : {}),
    ...(options.graph && Object.keys(options.graph.roleSettings).length > 0 ? { role_settings: options.graph.roleSettings } : {}),
    verify: options.verify === false ? "off" : (options.verify?.severity ?? "default"),
    ...(options.judge ? { judge: { model: modelId(options.judge.model), threshold: options.judge.threshold ?? DEFAULT_JUDGE_THRESHOLD } } : {}),
  };
}

/** What a run's config hash covers: the caller's `config`, or what `simulation` implies. */
export function runConfig(options: RunOptions): Record<string, unknown> {
  return options.config ?? (options.simulation ? simulationConfig(options.simulation, options) : {});
}

/** The model of each role, for prices and the ledger: given, or read from `simulation` (and the judge). */
export function runRoleModels(options: RunOptions): Record<string, string> | undefined {
  if (options.roleModels) return options.roleModels;
  if (!options.simulation) return undefined;
  return { ...simulationRoleModels(options.simulation), ...(options.judge ? { judge: modelId(options.judge.model) } : {}) };
}

/** A cost budget is only enforceable when every model that spends has a price. */
export function checkCostBudget(options: Pick<RunOptions, "maxCost" | "prices">, roleModels: Record<string, string> | undefined): void {
  if (options.maxCost === undefined || !roleModels) return;
  const unpriced = [...new Set(Object.values(roleModels))].filter((model) => !options.prices?.[model] && !isOfflineModel(model));
  if (unpriced.length > 0) {
    throw new UserError(`maxCost cannot be enforced: no price for ${unpriced.map((model) => `'${model}'`).join(", ")}. Add them to the price table.`, {
      field: "prices",
      code: "invalid-config",
    });
  }
}
