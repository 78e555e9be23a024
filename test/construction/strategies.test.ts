import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/errors.js";
import { CompositionStrategyRegistry, type CompositionStrategy } from "../../src/graphs/construction/composition-strategies.js";
import { assignStrategies, DEFAULT_STRATEGY_MIX, parseStrategyMix } from "../../src/graphs/construction/strategy-mix.js";

describe("strategy mix", () => {
  it("splits the default mix half and half, interleaved, so any prefix follows the mix", () => {
    const assigned = assignStrategies(DEFAULT_STRATEGY_MIX, 10);
    expect(assigned.filter((name) => name === "sequential")).toHaveLength(5);
    expect(assigned.slice(0, 4).filter((name) => name === "sequential")).toHaveLength(2);
  });

  it("follows uneven weights exactly over a full cycle", () => {
    const assigned = assignStrategies({ sequential: 2, "parallel-then-sequential": 1, "sequential-chain": 1 }, 8);
    expect(assigned.filter((name) => name === "sequential")).toHaveLength(4);
    expect(assigned.filter((name) => name === "sequential-chain")).toHaveLength(2);
  });

  it("parses the CLI form and explains a bad one", () => {
    expect(parseStrategyMix("sequential=2, sequential-chain")).toEqual({ sequential: 2, "sequential-chain": 1 });
    expect(() => parseStrategyMix("sequential=lots")).toThrow(/write name=weight/);
    expect(() => assignStrategies({ sequential: 0 }, 2)).toThrow(/at least one strategy with a positive weight/);
  });
});

describe("strategy registry", () => {
  it("holds the two paper strategies and the sequential chain", () => {
    expect(new CompositionStrategyRegistry().names).toEqual(["sequential", "parallel-then-sequential", "sequential-chain"]);
  });

  it("registers a custom strategy and refuses malformed ones", () => {
    const registry = new CompositionStrategyRegistry();
    const custom: CompositionStrategy = {
      name: "double-check",
      description: "Do A, then verify A's result with B.",
      plan: () => [
        { id: "s1", role: "given", depends_on: [], instruction: "the given task" },
        { id: "s2", role: "verify", depends_on: ["s1"], instruction: "verify s1" },
      ],
    };
    registry.register(custom);
    expect(registry.get("double-check")).toBe(custom);
    const error = (() => {
      try {
        registry.register({ ...custom, name: "Bad Name" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isUserError(error)).toBe(true);
    expect(() => registry.register({ ...custom, name: "single", plan: () => [custom.plan({ maxDepth: 4 })[0]!] })).toThrow(/at least two slots/);
    expect(() => registry.get("nope")).toThrow(/registered: sequential, parallel-then-sequential, sequential-chain, double-check/);
  });
});
