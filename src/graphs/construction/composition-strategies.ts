import { UserError } from "../../errors.js";

/** One slot of a composition plan; `s1` is always the given atomic task. */
export interface SubtaskSlot {
  id: string;
  role: string;
  depends_on: string[];
  /** What the composer should write for this slot (ignored for `s1`, which is given). */
  instruction: string;
}

/** A worked example of a composition, shown to the model in the composition prompt. */
export interface CompositionExample {
  subtasks: string[];
  task: string;
}

/**
 * How to compose a task: the sub-task slots with their roles and dependencies, and a
 * sentence for the prompt. Register your own with `CompositionStrategyRegistry.register`.
 */
export interface CompositionStrategy {
  name: string;
  /** One sentence shown to the composer: what the composite task looks like. */
  description: string;
  /** The slots for one composite task; `maxDepth` is the configured limit on sub-tasks (2–4). */
  plan(options: { maxDepth: number }): SubtaskSlot[];
  /** Extra guidance lines for the composer, if any. */
  guidance?: string[];
  /** Worked examples shown to the composer (built-in strategies have theirs in the compose prompt). */
  examples?: CompositionExample[];
}

export const MIN_DEPTH = 2;
export const MAX_DEPTH = 4;

const given: SubtaskSlot = { id: "s1", role: "given", depends_on: [], instruction: "the given task" };

export const sequentialStrategy: CompositionStrategy = {
  name: "sequential",
  description: "The given task A, then a subsequent task B that takes A's result as its input (\"A, then B\").",
  plan: () => [
    given,
    { id: "s2", role: "subsequent", depends_on: ["s1"], instruction: "a subsequent task that needs the result of s1 as its input" },
  ],
};

export const parallelThenSequentialStrategy: CompositionStrategy = {
  name: "parallel-then-sequential",
  description:
    "The given task A and a related task P that can run at the same time (neither needs the other's result), then a task B that needs the results of both.",
  plan: () => [
    given,
    { id: "s2", role: "parallel", depends_on: [], instruction: "a task that runs alongside s1 and fetches a second input the final step needs together with s1's result" },
    { id: "s3", role: "subsequent", depends_on: ["s1", "s2"], instruction: "a task that needs the results of both s1 and s2" },
  ],
};

/** Longer chains than the paper's 2–3 sub-tasks: each step feeds the next, up to `maxDepth` steps. */
export const sequentialChainStrategy: CompositionStrategy = {
  name: "sequential-chain",
  description: "A chain: the given task, then each following task takes the previous task's result as its input.",
  plan: ({ maxDepth }) =>
    Array.from({ length: Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, maxDepth)) }, (_, index) =>
      index === 0
        ? given
        : {
            id: `s${index + 1}`,
            role: "subsequent",
            depends_on: [`s${index}`],
            instruction: `a task that needs the result of s${index} as its input`,
          },
    ),
  guidance: ["Every step must use the previous step's result; do not add steps that could run on their own."],
};

export function builtInStrategies(): CompositionStrategy[] {
  return [sequentialStrategy, parallelThenSequentialStrategy, sequentialChainStrategy];
}

/** Strategies by name. A registry per run keeps custom strategies from leaking between runs. */
export class CompositionStrategyRegistry {
  private readonly strategies = new Map<string, CompositionStrategy>();

  constructor(strategies: CompositionStrategy[] = builtInStrategies()) {
    for (const strategy of strategies) this.register(strategy);
  }

  register(strategy: CompositionStrategy): this {
    if (!/^[a-z][a-z0-9-]*$/.test(strategy.name) || strategy.name === "atomic") {
      throw new UserError(`strategy name '${strategy.name}' must be kebab-case and not 'atomic'`, {
        field: "strategies",
        code: "invalid-config",
      });
    }
    const slots = strategy.plan({ maxDepth: MAX_DEPTH });
    if (slots[0]?.id !== "s1" || slots.length < 2) {
      throw new UserError(`strategy '${strategy.name}' must plan at least two slots, the first being 's1' (the given task)`, {
        field: "strategies",
        code: "invalid-config",
      });
    }
    this.strategies.set(strategy.name, strategy);
    return this;
  }

  get(name: string): CompositionStrategy {
    const strategy = this.strategies.get(name);
    if (!strategy) {
      throw new UserError(`unknown composition strategy '${name}'; registered: ${this.names.join(", ")}`, {
        field: "strategyMix",
        code: "invalid-config",
      });
    }
    return strategy;
  }

  get names(): string[] {
    return [...this.strategies.keys()];
  }
}
