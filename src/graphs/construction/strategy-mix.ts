import { UserError } from "../../errors.js";

/** Weights per strategy name; they need not sum to one. */
export type StrategyMix = Record<string, number>;

export const DEFAULT_STRATEGY_MIX: StrategyMix = { sequential: 1, "parallel-then-sequential": 1 };

/**
 * The strategy for each of `count` tasks, in order, spread as evenly as the weights allow
 * (smooth weighted round-robin): deterministic, and any prefix of the list follows the mix.
 */
export function assignStrategies(mix: StrategyMix, count: number): string[] {
  const entries = Object.entries(mix)
    .filter(([, weight]) => weight > 0)
    .sort(([left], [right]) => (left < right ? -1 : 1));
  if (entries.length === 0) {
    throw new UserError("the strategy mix needs at least one strategy with a positive weight", {
      field: "strategyMix",
      code: "invalid-config",
    });
  }
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const current = new Map(entries.map(([name]) => [name, 0]));
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    let best = entries[0]![0];
    for (const [name, weight] of entries) {
      current.set(name, current.get(name)! + weight);
      if (current.get(name)! > current.get(best)!) best = name;
    }
    current.set(best, current.get(best)! - total);
    out.push(best);
  }
  return out;
}

/** Parse `sequential=1,parallel-then-sequential=1` (the CLI form). */
export function parseStrategyMix(text: string): StrategyMix {
  const mix: StrategyMix = {};
  for (const part of text.split(",").map((item) => item.trim()).filter(Boolean)) {
    const [name, weightText] = part.split("=");
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!name || !Number.isFinite(weight) || weight < 0) {
      throw new UserError(`'${part}' is not a strategy weight; write name=weight, e.g. sequential=2,parallel-then-sequential=1`, {
        field: "--strategy-mix",
        code: "invalid-config",
      });
    }
    mix[name.trim()] = weight;
  }
  return mix;
}
