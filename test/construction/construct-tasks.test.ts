import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { constructTasks, type ConstructTasksResult } from "../../src/graphs/construct-tasks.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import { constructionSimSkills } from "../../src/models/sim/skills/construction/index.js";
import type { SimSkill } from "../../src/models/sim/sim-request.js";
import { taskSchema, type TaskRecord } from "../../src/schema/task.js";
import { JSON_SCHEMA_TYPES } from "../../src/tools/json-schema.js";
import { scriptedSkill } from "./scripted-skills.js";

const fixtures = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));
const shared = fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));

const simModel = (seed: number, override: SimSkill[] = []) => new SimChatModel({ seed, skills: [...override, ...constructionSimSkills()] });
const scratch = () => mkdtempSync(join(tmpdir(), "button-construct-"));

/** Everything the trajectory stage relies on, beyond the schema. */
function expectWellFormed(task: TaskRecord) {
  const parsed = taskSchema.safeParse(task);
  expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
  const names = task.functions.map((spec) => spec.name);
  expect(new Set(names).size).toBe(names.length);
  for (const spec of task.functions) {
    for (const name of spec.required) expect(Object.keys(spec.parameters)).toContain(name);
    expect(Object.keys(spec.responses).length).toBeGreaterThan(0);
    for (const property of [...Object.values(spec.parameters), ...Object.values(spec.responses)]) {
      expect(JSON_SCHEMA_TYPES).toContain(property.type);
    }
    expect(task.subtasks.some((subtask) => subtask.functions.includes(spec.name))).toBe(true);
  }
  const dependencies = task.subtasks.map((subtask) => subtask.depends_on);
  if (task.strategy === "sequential") expect(dependencies).toEqual([[], ["s1"]]);
  if (task.strategy === "parallel-then-sequential") expect(dependencies).toEqual([[], [], ["s1", "s2"]]);
  if (task.strategy === "sequential-chain") dependencies.slice(1).forEach((list, index) => expect(list).toEqual([`s${index + 1}`]));
  expect(task.subtasks[0]!.functions.length).toBeGreaterThan(0);
  expect(task.meta.checks).toMatchObject({ composition: "yes", validation: "passed" });
  // Results feed later calls by exact field name, which is what a simulated assistant can follow.
  const byName = new Map(task.functions.map((spec) => [spec.name, spec]));
  for (const subtask of task.subtasks) {
    const inputs = subtask.functions.flatMap((name) => Object.keys(byName.get(name)!.parameters));
    for (const dependency of subtask.depends_on) {
      const earlier = task.subtasks.find((candidate) => candidate.id === dependency)!;
      const outputs = earlier.functions.flatMap((name) => Object.keys(byName.get(name)!.responses));
      if (inputs.length > 0 && outputs.length > 0) expect(inputs.some((input) => outputs.includes(input))).toBe(true);
    }
  }
  // Concrete values for the simulated assistant to fill arguments from.
  expect(task.task).toMatch(/\d|@|\s[A-Z][a-z]+/);
}

function expectConsistentStats(result: ConstructTasksResult) {
  const { stats } = result;
  expect(stats.tasksAccepted).toBe(result.tasks.length);
  expect(stats.tasksRejected).toBe(result.rejected.length);
  expect(stats.tasksAccepted + stats.tasksRejected).toBe(stats.atomicTasks);
  expect(stats.scenariosAfterDedup).toBeLessThanOrEqual(stats.scenariosBeforeDedup);
  expect(new Set(result.tasks.map((task) => task.id)).size).toBe(result.tasks.length);
}

describe("constructTasks on bundled fixtures (offline simulator)", () => {
  it("reads a directory of mixed formats, counts malformed lines and unrecognised files, and writes both files", async () => {
    const out = scratch();
    const result = await constructTasks({ seeds: fixtures, outDir: out, model: simModel(5), seed: 5, concurrency: 3 });
    expect(result.stats).toMatchObject({ seedsRead: 10, malformedLines: 7, skippedFiles: 1 });
    expect(result.tasks.length).toBeGreaterThan(0);
    result.tasks.forEach(expectWellFormed);
    expectConsistentStats(result);
    const lines = readFileSync(join(out, "tasks.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(result.tasks.map((task) => task.id));
    expect(existsSync(join(out, "rejected_tasks.jsonl"))).toBe(true);
  });

  it("gives a byte-identical tasks.jsonl for the same seeds and model seed, whatever the concurrency", async () => {
    const first = scratch();
    const second = scratch();
    const third = scratch();
    await constructTasks({ seeds: fixtures, outDir: first, count: 14, model: simModel(11), concurrency: 1 });
    await constructTasks({ seeds: fixtures, outDir: second, count: 14, model: simModel(11), concurrency: 8 });
    await constructTasks({ seeds: fixtures, outDir: third, count: 14, model: simModel(12), concurrency: 8 });
    const read = (directory: string, name = "tasks.jsonl") => readFileSync(join(directory, name));
    expect(read(first).length).toBeGreaterThan(0);
    expect(read(second).equals(read(first))).toBe(true);
    expect(read(second, "rejected_tasks.jsonl").equals(read(first, "rejected_tasks.jsonl"))).toBe(true);
    expect(read(third).equals(read(first))).toBe(false);
  });

  it("expands scenarios up to the requested count, deduplicating the new ones", async () => {
    const result = await constructTasks({ seeds: fixtures, count: 25, model: simModel(2) });
    expect(result.stats.scenariosExpanded).toBeGreaterThan(0);
    expect(result.stats.scenariosAfterDedup + result.stats.scenariosExpanded).toBeGreaterThanOrEqual(25);
    // --count is the number of tasks written; candidates that fail a stage are replaced by new ones.
    expect(result.tasks).toHaveLength(25);
    expect(result.stats.attempts).toBe(result.stats.atomicTasks);
    expect(result.stats.attempts).toBeGreaterThanOrEqual(25);
    const scenarios = result.tasks.map((task) => task.scenario);
    expect(result.tasks.some((task) => typeof task.meta.expanded_from === "string")).toBe(true);
    expect(scenarios.every((scenario) => scenario.split(" ").length <= 10 && !/\d/.test(scenario))).toBe(true);
  });

  it("uses the offline simulator seeded with `seed` when no model is given", async () => {
    const result = await constructTasks({ seeds: fixtures, count: 4, seed: 21 });
    expect(result.tasks.length).toBeGreaterThan(0);
    expect(result.tasks.every((task) => task.meta.generator === "sim:21")).toBe(true);
  });

  it("deduplicates scenarios by embedding cosine when an embedding model is given", async () => {
    // Every text embeds to the same direction, so every scenario after the first is a duplicate.
    const sameEverywhere = { embedDocuments: async (texts: string[]) => texts.map(() => [1, 0]), embedQuery: async () => [1, 0] };
    const result = await constructTasks({ seeds: fixtures, model: simModel(5), embeddings: sameEverywhere, dedupThreshold: 0.99 });
    expect(result.stats.scenariosBeforeDedup).toBe(10);
    expect(result.stats.scenariosAfterDedup).toBe(1);
  });

  it("follows the strategy mix (default half sequential, half parallel-then-sequential)", async () => {
    const result = await constructTasks({ seeds: fixtures, count: 20, model: simModel(4) });
    const candidates = [...result.tasks, ...result.rejected].map((task) => task.strategy);
    expect(candidates.filter((name) => name === "sequential")).toHaveLength(10);
    expect(candidates.filter((name) => name === "parallel-then-sequential")).toHaveLength(10);
  });

  it("builds sequential chains as deep as configured", async () => {
    const result = await constructTasks({ seeds: fixtures, count: 16, model: simModel(6), strategyMix: { "sequential-chain": 1 }, maxDepth: 4 });
    expect(result.tasks.length).toBeGreaterThan(0);
    for (const task of result.tasks) {
      expect(task.subtasks).toHaveLength(4);
      expectWellFormed(task);
    }
  });

  it("composes with a custom registered strategy", async () => {
    const fanIn = {
      name: "fan-in",
      description: "Two independent look-ups, then one step that uses both.",
      plan: () => [
        { id: "s1", role: "given", depends_on: [], instruction: "the given task" },
        { id: "s2", role: "lookup", depends_on: [], instruction: "an independent look-up" },
        { id: "s3", role: "combine", depends_on: ["s1", "s2"], instruction: "a step that uses both results" },
      ],
    };
    const result = await constructTasks({ seeds: fixtures, count: 8, model: simModel(8), strategies: [fanIn], strategyMix: { "fan-in": 1 } });
    expect(result.tasks.length).toBeGreaterThan(0);
    expect(result.tasks.every((task) => task.strategy === "fan-in" && task.subtasks[1]!.role === "lookup")).toBe(true);
  });

  it("refuses an unknown strategy and a depth beyond four with errors that say what to do", async () => {
    await expect(constructTasks({ seeds: fixtures, model: simModel(1), strategyMix: { zigzag: 1 } })).rejects.toThrow(/unknown composition strategy 'zigzag'; registered: sequential/);
    await expect(constructTasks({ seeds: fixtures, model: simModel(1), maxDepth: 5 })).rejects.toThrow(/maxDepth must be an integer from 2 to 4/);
  });
});

describe("rejection paths through the graph", () => {
  it("a failed composition check rejects the candidate and keeps the judge's reasoning", async () => {
    const judge = scriptedSkill("judge_composition", [{ reasoning: "The second step does not use the first one's result.", verdict: "no" }]);
    const result = await constructTasks({ seeds: fixtures, count: 4, maxAttemptsPerTask: 1, model: simModel(1, [judge]) });
    expect(result.tasks).toEqual([]);
    // At most 1 × count candidates; each was sent back once with the reason, and failed again.
    expect(result.stats.attempts).toBe(4);
    expect(result.stats.checkFailed).toBe(4);
    expect(result.stats.feedbackRounds).toBe(4);
    expect(result.stats.rescuedByFeedback).toBe(0);
    expect(result.rejected).toHaveLength(4);
    for (const rejected of result.rejected) {
      expect(rejected.stage).toBe("composition-check");
      expect(rejected.reason).toContain("does not use the first one's result");
      expect(rejected.reason).toContain("after one round of feedback");
      expect(rejected.meta.checks).toMatchObject({ composition: "no", composition_reasoning: "The second step does not use the first one's result." });
    }
    expect(judge.prompts).toHaveLength(8);
  });

  it("invalid functions are rejected with every problem in the reason", async () => {
    const functions = scriptedSkill("define_functions", [
      {
        functions: [
          { name: "lookup", description: "Look up", parameters: { query: { type: "text", description: "q" } }, required: ["query", "limit"], responses: { answer: { type: "string", description: "a" } } },
          { name: "lookup", description: "Again", parameters: {}, required: [], responses: { other: { type: "string", description: "o" } } },
        ],
        subtasks: [{ id: "s1", kind: "action", functions: ["lookup"] }],
      },
    ]);
    const judge = scriptedSkill("judge_composition", [{ reasoning: "Fine.", verdict: "yes" }]);
    const result = await constructTasks({ seeds: fixtures, count: 2, maxAttemptsPerTask: 1, model: simModel(1, [functions, judge]), strategyMix: { sequential: 1 } });
    expect(result.stats.validationFailed).toBe(2);
    expect(result.stats.feedbackRounds).toBe(2);
    expect(functions.prompts.length).toBe(4);
    const resent = functions.prompts.filter((prompt) => prompt.includes("<feedback>"));
    expect(resent).toHaveLength(2);
    expect(resent.every((prompt) => prompt.includes("defined twice") && prompt.includes("<previous_answer>"))).toBe(true);
    const reason = result.rejected[0]!.reason;
    expect(reason).toContain("defined twice");
    expect(reason).toContain("requires 'limit'");
    expect(reason).toContain('has type "text"');
    expect(reason).toContain("sub-task s2");
  });

  it("output a stage cannot parse, even after corrective retries, rejects the candidate and is counted", async () => {
    const composer = scriptedSkill("compose_task", ["Sure! Here is a composite task: book a trip."]);
    const result = await constructTasks({ seeds: fixtures, count: 3, maxAttemptsPerTask: 1, model: simModel(1, [composer]), maxRetries: 1 });
    expect(result.stats.modelFailures).toBe(3);
    expect(result.rejected.every((rejected) => rejected.stage === "compose" && rejected.reason.startsWith("unusable model output"))).toBe(true);
    expect(composer.prompts.length).toBe(6);
  });
});

describe.skipIf(!existsSync(shared))("constructTasks on the real samples in ../shared/datasets", () => {
  if (!existsSync(shared)) console.log(`skipping real-sample construction tests: ${shared} is absent`);

  for (const [name, path, count] of [
    ["glaive-v2", "glaive-v2", 60],
    ["toolbench", "toolbench", 40],
  ] as const) {
    it(`writes schema-valid, well-formed task records from ${name}`, async () => {
      const out = scratch();
      const result = await constructTasks({ seeds: join(shared, path), outDir: out, count, model: simModel(7), concurrency: 6 });
      console.log(`${name}: ${JSON.stringify(result.stats)}`);
      expect(result.stats.malformedLines).toBe(0);
      expect(result.tasks.length).toBeGreaterThanOrEqual(count * 0.7);
      const lines = readFileSync(join(out, "tasks.jsonl"), "utf8").trim().split("\n");
      expect(lines).toHaveLength(result.tasks.length);
      for (const line of lines) expectWellFormed(JSON.parse(line) as TaskRecord);
      for (const line of readFileSync(join(out, "rejected_tasks.jsonl"), "utf8").trim().split("\n").filter(Boolean)) {
        expect(JSON.parse(line).reason).toEqual(expect.any(String));
      }
      expectConsistentStats(result);
    });
  }
});
