import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/errors.js";
import {
  applyNegativeVariants,
  irrelevanceVariant,
  missingFunctionVariant,
  missingInfoVariant,
  NegativeVariantRegistry,
  parseNegativeMix,
  type NegativeVariant,
} from "../../src/graphs/construction/negative-variants.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import { readNegativeFacts } from "../../src/schema/negative-facts.js";
import { parseTask, taskSchema } from "../../src/schema/task.js";
import { invoiceTask, weatherThenPackingTask } from "../helpers/negative-tasks.js";

const random = new SeededRandom("test");

describe("negative variants", () => {
  it("missing-info takes a stated value out of the request and the sub-task, and keeps it in meta", () => {
    const variant = missingInfoVariant.derive(weatherThenPackingTask(), { others: [], random })!;
    expect(variant.variant).toBe("missing-info");
    expect(variant.task).not.toContain("2025-06-14");
    expect(variant.subtasks[0]!.text).not.toContain("2025-06-14");
    expect(variant.task).toContain("a certain date");
    expect(readNegativeFacts(variant.meta)?.withheld_value).toEqual({
      subtask: "s1",
      function: "get_forecast",
      parameter: "date",
      value: "2025-06-14",
      label: "the date",
    });
    expect(variant.functions).toEqual(weatherThenPackingTask().functions);
    expect(variant.id).not.toBe("t-trip");
    taskSchema.parse(variant);
  });

  it("missing-function withholds the last sub-task's function and marks that sub-task unserved", () => {
    const variant = missingFunctionVariant.derive(weatherThenPackingTask(), { others: [], random })!;
    expect(variant.functions.map((spec) => spec.name)).toEqual(["get_forecast"]);
    expect(variant.subtasks[1]).toMatchObject({ id: "s2", functions: [], unserved: true });
    expect(variant.subtasks[0]!.unserved).toBeUndefined();
    expect(readNegativeFacts(variant.meta)).toMatchObject({ withheld_functions: ["suggest_outfit"], unserved_subtasks: ["s2"] });
  });

  it("missing-function does not apply when withholding would leave nothing to do", () => {
    const chain = weatherThenPackingTask();
    const single = parseTask({ ...chain, id: "t-one", subtasks: [chain.subtasks[0]!], functions: [chain.functions[0]!] });
    expect(missingFunctionVariant.derive(single, { others: [], random })).toBeUndefined();
  });

  it("irrelevance offers an unrelated task's functions and no sub-task is served", () => {
    const variant = irrelevanceVariant.derive(weatherThenPackingTask(), { others: [invoiceTask()], random })!;
    expect(variant.functions.map((spec) => spec.name)).toEqual(["get_invoice", "pay_invoice"]);
    expect(variant.subtasks.every((subtask) => subtask.functions.length === 0 && subtask.unserved)).toBe(true);
    expect(variant.task).toBe(weatherThenPackingTask().task);
    expect(readNegativeFacts(variant.meta)).toMatchObject({ offered_from: "t-invoice", withheld_functions: ["get_forecast", "suggest_outfit"] });
  });

  it("irrelevance finds no donor among tasks that share words with the request", () => {
    const other = parseTask({ ...weatherThenPackingTask(), id: "t-other", functions: weatherThenPackingTask().functions.map((spec) => ({ ...spec, name: `${spec.name}_v2` })), subtasks: weatherThenPackingTask().subtasks.map((subtask) => ({ ...subtask, functions: subtask.functions.map((name) => `${name}_v2`) })) });
    expect(irrelevanceVariant.derive(weatherThenPackingTask(), { others: [other], random })).toBeUndefined();
  });

  it("applies each share of the tasks, deterministically for a seed", () => {
    const tasks = Array.from({ length: 20 }, (_, index) => [
      parseTask({ ...weatherThenPackingTask(), id: `t-trip-${index}`, task: weatherThenPackingTask().task.replace("Lisbon", `Lisbon ${index}`) }),
      parseTask({ ...invoiceTask(), id: `t-invoice-${index}` }),
    ]).flat();
    const mix = parseNegativeMix("irrelevance=0.2,missing-info=0.2,missing-function=0.1");
    const first = applyNegativeVariants(tasks, { mix, seed: 3 });
    const again = applyNegativeVariants(tasks, { mix, seed: 3 });
    expect(first).toEqual(again);
    expect(first.made).toEqual({ irrelevance: 8, "missing-info": 8, "missing-function": 4 });
    expect(first.shortfall).toEqual({});
    expect(first.tasks).toHaveLength(40);
    const counts = countBy(first.tasks.map((task) => task.variant ?? "ordinary"));
    expect(counts).toEqual({ ordinary: 20, irrelevance: 8, "missing-info": 8, "missing-function": 4 });
    const other = applyNegativeVariants(tasks, { mix, seed: 4 });
    expect(other.tasks.map((task) => task.id)).not.toEqual(first.tasks.map((task) => task.id));
  });

  it("reports a shortfall when too few tasks allow a variant", () => {
    const result = applyNegativeVariants([weatherThenPackingTask()], { mix: { irrelevance: 1 } });
    expect(result.made).toEqual({ irrelevance: 0 });
    expect(result.shortfall).toEqual({ irrelevance: 1 });
  });

  it("rejects unknown variants, bad shares and shares above 1 with a message naming the flag", () => {
    const failure = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error("expected an error");
    };
    expect(failure(() => parseNegativeMix("irrelevance=2"))).toMatch(/share from 0 to 1/);
    expect(failure(() => parseNegativeMix("irrelevance"))).toMatch(/name=share/);
    expect(failure(() => applyNegativeVariants([], { mix: { unheard: 0.1 } }))).toMatch(/unknown negative variant 'unheard'/);
    expect(failure(() => applyNegativeVariants([], { mix: { irrelevance: 0.6, "missing-info": 0.6 } }))).toMatch(/at most 1/);
  });

  it("takes custom variants through the registry", () => {
    const politeRefusal: NegativeVariant = {
      name: "out-of-scope",
      description: "test variant",
      derive: (task) => parseTask({ ...task, id: `${task.id}-oos`, variant: "out-of-scope" }),
    };
    const registry = new NegativeVariantRegistry().register(politeRefusal);
    const result = applyNegativeVariants([invoiceTask()], { mix: { "out-of-scope": 1 }, registry });
    expect(result.tasks[0]!.variant).toBe("out-of-scope");
    expect(() => new NegativeVariantRegistry().register({ ...politeRefusal, name: "Bad Name" })).toThrow(/kebab-case/);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
