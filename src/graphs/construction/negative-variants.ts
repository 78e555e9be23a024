import { UserError } from "../../errors.js";
import { SeededRandom } from "../../util/seeded-random.js";
import type { NegativeFacts } from "../../schema/negative-facts.js";
import { withTaskId, type Subtask, type TaskRecord } from "../../schema/task.js";
import { findWithheldValue, withoutValue } from "./withheld-value.js";

/** What a variant may use besides the task it rewrites. */
export interface VariantContext {
  /** The other ordinary tasks of the run (donors of unrelated functions). */
  others: readonly TaskRecord[];
  random: SeededRandom;
}

/**
 * A way to turn a validated composite task into a negative example: one whose right trajectory
 * does not simply call a function for every step. `derive` returns undefined when the task does
 * not lend itself to this variant (no value to withhold, nothing unrelated to offer, …).
 * Register your own with `NegativeVariantRegistry.register`.
 */
export interface NegativeVariant {
  name: string;
  /** One sentence: what the variant changes and what the right trajectory does. */
  description: string;
  derive(task: TaskRecord, context: VariantContext): TaskRecord | undefined;
}

/** Share of tasks per variant name, e.g. `{ irrelevance: 0.1, "missing-info": 0.1 }`; the shares sum to at most 1. */
export type NegativeMix = Record<string, number>;

export const irrelevanceVariant: NegativeVariant = {
  name: "irrelevance",
  description: "The functions offered come from an unrelated task and cannot serve the request; the right trajectory calls nothing and says what it cannot do.",
  derive(task, { others, random }) {
    const own = contentWords([task.task, ...task.functions.flatMap((spec) => [spec.name, spec.description])].join(" "));
    const ownNames = new Set(task.functions.map((spec) => spec.name));
    const donors = others.filter(
      (other) =>
        other.id !== task.id &&
        other.functions.length > 0 &&
        other.functions.every((spec) => !ownNames.has(spec.name)) &&
        // No shared content word between what the user asks and what the offered functions do.
        [...contentWords(other.functions.flatMap((spec) => [spec.name, spec.description]).join(" "))].every((word) => !own.has(word)),
    );
    if (donors.length === 0) return undefined;
    const donor = random.pick(donors, "irrelevance-donor", task.id);
    const unserved = task.subtasks.map((subtask) => subtask.id);
    return variantOf(task, "irrelevance", {
      functions: donor.functions,
      subtasks: task.subtasks.map((subtask) => ({ ...subtask, functions: [], unserved: true })),
      facts: {
        withheld_functions: task.functions.map((spec) => spec.name),
        unserved_subtasks: unserved,
        unserved_texts: task.subtasks.map((subtask) => subtask.text),
        offered_from: donor.id,
      },
    });
  },
};

export const missingInfoVariant: NegativeVariant = {
  name: "missing-info",
  description:
    "A value a required argument needs is left out of the request and held by the user agent; the right trajectory asks for it before the call that needs it.",
  derive(task) {
    const withheld = findWithheldValue(task);
    if (!withheld) return undefined;
    const text = withoutValue(task.task, withheld);
    if (text.includes(String(withheld.value))) return undefined;
    return variantOf(task, "missing-info", {
      task: text,
      subtasks: task.subtasks.map((subtask) => ({ ...subtask, text: withoutValue(subtask.text, withheld) })),
      facts: { withheld_value: withheld },
    });
  },
};

export const missingFunctionVariant: NegativeVariant = {
  name: "missing-function",
  description:
    "One sub-task's functions are withheld; the right trajectory does the other sub-tasks, never calls the withheld function, and says which part it cannot do.",
  derive(task, { random }) {
    const candidates = task.subtasks.filter((subtask) => {
      if (subtask.functions.length === 0) return false;
      // The withheld functions must serve only this sub-task, or withholding them blocks others too.
      if (task.subtasks.some((other) => other.id !== subtask.id && other.functions.some((name) => subtask.functions.includes(name)))) return false;
      const blocked = downstream(task.subtasks, subtask.id);
      // Something must remain doable: a sub-task with functions that does not wait for this one.
      return task.subtasks.some((other) => other.functions.length > 0 && !blocked.has(other.id));
    });
    if (candidates.length === 0) return undefined;
    const chosen = random.pick(candidates, "missing-function", task.id);
    const blocked = downstream(task.subtasks, chosen.id);
    const withheld = new Set(chosen.functions);
    return variantOf(task, "missing-function", {
      functions: task.functions.filter((spec) => !withheld.has(spec.name)),
      subtasks: task.subtasks.map((subtask) => (blocked.has(subtask.id) ? { ...subtask, functions: [], unserved: true } : subtask)),
      facts: {
        withheld_functions: [...withheld],
        unserved_subtasks: [...blocked],
        unserved_texts: task.subtasks.filter((subtask) => blocked.has(subtask.id)).map((subtask) => subtask.text),
      },
    });
  },
};

export function builtInVariants(): NegativeVariant[] {
  return [irrelevanceVariant, missingInfoVariant, missingFunctionVariant];
}

/** Variants by name; one registry per run keeps custom variants from leaking between runs. */
export class NegativeVariantRegistry {
  private readonly variants = new Map<string, NegativeVariant>();

  constructor(variants: NegativeVariant[] = builtInVariants()) {
    for (const variant of variants) this.register(variant);
  }

  register(variant: NegativeVariant): this {
    if (!/^[a-z][a-z0-9-]*$/.test(variant.name) || typeof variant.derive !== "function") {
      throw new UserError(`negative variant '${variant.name}' needs a kebab-case name and a 'derive(task, context)' function`, {
        field: "negatives",
        code: "invalid-config",
      });
    }
    this.variants.set(variant.name, variant);
    return this;
  }

  get(name: string): NegativeVariant {
    const variant = this.variants.get(name);
    if (!variant) {
      throw new UserError(`unknown negative variant '${name}'; registered: ${this.names.join(", ")}`, { field: "negatives", code: "invalid-config" });
    }
    return variant;
  }

  get names(): string[] {
    return [...this.variants.keys()];
  }
}

/** Parse `irrelevance=0.1,missing-info=0.1,missing-function=0.05` (the CLI form). */
export function parseNegativeMix(text: string): NegativeMix {
  const mix: NegativeMix = {};
  for (const part of text.split(",").map((item) => item.trim()).filter(Boolean)) {
    const [name, shareText] = part.split("=");
    const share = Number(shareText);
    if (!name || shareText === undefined || !Number.isFinite(share) || share < 0 || share > 1) {
      throw new UserError(`'${part}' is not a variant share; write name=share with a share from 0 to 1, e.g. irrelevance=0.1,missing-info=0.1`, {
        field: "--negatives",
        code: "invalid-config",
      });
    }
    mix[name.trim()] = share;
  }
  return mix;
}

export interface NegativeVariantsResult {
  /** The tasks in their original order, some replaced by their variants. */
  tasks: TaskRecord[];
  /** Variants made, by name. */
  made: Record<string, number>;
  /** Variants asked for but not made because too few tasks lent themselves to them, by name. */
  shortfall: Record<string, number>;
}

/**
 * Replace a share of the tasks by negative variants, as `mix` says. The number of each variant is
 * its share of all tasks, rounded; which tasks become variants is a seeded choice, so the same
 * tasks and seed always give the same result. Variants that few tasks allow (missing-function,
 * missing-info) choose first; a task becomes at most one variant; donors for `irrelevance` are
 * always ordinary tasks.
 */
export function applyNegativeVariants(
  tasks: readonly TaskRecord[],
  options: { mix: NegativeMix; seed?: number; registry?: NegativeVariantRegistry },
): NegativeVariantsResult {
  const registry = options.registry ?? new NegativeVariantRegistry();
  const entries = Object.entries(options.mix).filter(([, share]) => share > 0);
  for (const [name] of entries) registry.get(name);
  const total = entries.reduce((sum, [, share]) => sum + share, 0);
  if (total > 1 + 1e-9) {
    throw new UserError(`the negative variant shares add up to ${total}; they must add up to at most 1`, { field: "negatives", code: "invalid-config" });
  }
  const random = new SeededRandom(`negatives:${options.seed ?? 0}`);
  const ordinary = tasks.filter((task) => task.variant === undefined);
  const order = [...ordinary].sort((left, right) => random.unit("order", left.id) - random.unit("order", right.id) || (left.id < right.id ? -1 : 1));
  const rank = (name: string) => ["missing-function", "missing-info"].indexOf(name);
  const sorted = [...entries].sort(([left], [right]) => (rank(right) - rank(left)) || (left < right ? -1 : 1));
  const replaced = new Map<string, TaskRecord>();
  const made: Record<string, number> = {};
  const shortfall: Record<string, number> = {};
  for (const [name, share] of sorted) {
    const variant = registry.get(name);
    const wanted = Math.round(share * tasks.length);
    made[name] = 0;
    for (const task of order) {
      if (made[name]! >= wanted) break;
      if (replaced.has(task.id)) continue;
      const derived = variant.derive(task, { others: ordinary, random });
      if (!derived) continue;
      replaced.set(task.id, derived);
      made[name]!++;
    }
    if (made[name]! < wanted) shortfall[name] = wanted - made[name]!;
  }
  return { tasks: tasks.map((task) => replaced.get(task.id) ?? task), made, shortfall };
}

/** The variant task: new content, the variant name, the facts in `meta.negative`, and a fresh id. */
function variantOf(
  task: TaskRecord,
  variant: string,
  change: { task?: string; subtasks?: Subtask[]; functions?: TaskRecord["functions"]; facts: Omit<NegativeFacts, "base_task_id"> },
): TaskRecord {
  const facts: NegativeFacts = { base_task_id: task.id, ...change.facts };
  const { id: _id, ...rest } = task;
  return withTaskId({
    ...rest,
    task: change.task ?? task.task,
    subtasks: change.subtasks ?? task.subtasks,
    functions: change.functions ?? task.functions,
    variant,
    meta: { ...task.meta, negative: facts },
  });
}

/** The sub-task and every sub-task that depends on it, directly or through others. */
function downstream(subtasks: readonly Subtask[], id: string): Set<string> {
  const blocked = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const subtask of subtasks) {
      if (!blocked.has(subtask.id) && subtask.depends_on.some((dependency) => blocked.has(dependency))) {
        blocked.add(subtask.id);
        grew = true;
      }
    }
  }
  return blocked;
}

const STOP_WORDS = new Set(["with", "from", "that", "this", "then", "their", "them", "they", "into", "about", "given", "each", "list", "name", "information", "details", "result", "results", "please", "find", "search", "look", "check"]);

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((word) => word.length > 3 && !STOP_WORDS.has(word))
      .map((word) => word.replace(/(ies|es|s)$/, "")),
  );
}
