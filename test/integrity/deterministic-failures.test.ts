import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";

const exampleTasks = readFileSync(new URL("../../examples/tasks.jsonl", import.meta.url), "utf8").trim().split("\n");
const bookTask = JSON.parse(exampleTasks[0]!) as Record<string, any>;

function badTask(index: number, kind: "pattern" | "ref"): Record<string, unknown> {
  const task = structuredClone(bookTask);
  task.id = `bad-${kind}-${index}`;
  task.functions[0].parameters.title = kind === "pattern" ? { type: "string", description: "t", pattern: "([unclosed" } : { $ref: "#/definitions/missing" };
  return task;
}

function records(file: string): TrajectoryRecord[] {
  try {
    return readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as TrajectoryRecord);
  } catch {
    return [];
  }
}

describe("deterministic failures", () => {
  it("reject a task with an invalid pattern or an unresolvable $ref, never stop the run, and are not retried by --resume", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-deterministic-"));
    const tasks = join(dir, "tasks.jsonl");
    const lines = [
      ...Array.from({ length: 12 }, (_, index) => JSON.stringify(badTask(index, index % 2 === 0 ? "pattern" : "ref"))),
      exampleTasks[0]!,
    ];
    writeFileSync(tasks, `${lines.join("\n")}\n`);
    const out = join(dir, "run");
    const models = resolveRoleModels({ model: "sim" });
    const summary = await runSimulation({ tasks, outDir: out, simulation: { models }, concurrency: 2 });
    expect(summary.status).toBe("completed");
    expect(summary.counts.failed).toBe(0);
    const rejected = records(join(out, "rejected.jsonl"));
    expect(rejected).toHaveLength(12);
    expect(rejected.every((record) => record.reason === "invalid-input")).toBe(true);
    expect(rejected.every((record) => (record.meta as { retryable?: boolean }).retryable !== true)).toBe(true);
    expect(JSON.stringify(rejected)).toMatch(/pattern/);
    expect(JSON.stringify(rejected)).toMatch(/\$ref|reference/);
    expect(records(join(out, "trajectories.jsonl"))).toHaveLength(1);
    const resumed = await runSimulation({ tasks, outDir: out, simulation: { models }, resume: true });
    expect(resumed.counts.resumed_skips).toBe(13);
    expect(resumed.counts.failed).toBe(0);
  });

  it("reject a model answer with 20,000-deep nested arguments as model behaviour, not as a retryable failure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-deep-"));
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, `${exampleTasks[0]}\n`);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 20_000; level++) deep = { a: deep };
    const sim = resolveRoleModels({ model: "sim" });
    const assistant = new ScriptedChatModel(Array.from({ length: 6 }, () => ({ content: "", tool_calls: [{ name: "get_book_author", args: { title: deep } }] })));
    const summary = await runSimulation({
      tasks,
      outDir: join(dir, "run"),
      simulation: { models: { ...sim, assistant }, maxRetries: 1 },
      retry: { maxAttempts: 1 },
    });
    expect(summary.counts.failed).toBe(0);
    const rejected = records(join(dir, "run", "rejected.jsonl"));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.meta).not.toMatchObject({ retryable: true });
    expect(rejected[0]!.reason).toMatch(/invalid-arguments|unparseable-output|too-deep/);
  });
});
