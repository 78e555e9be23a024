import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelBehaviorError, SystemError } from "../../src/errors.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { RunManifest } from "../../src/run/run-manifest.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { fakeProcessor } from "./fake-processor.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import { readJsonl } from "./read-jsonl.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTasks(count: number, extraLines: string[] = []): string {
  const path = join(dir, "tasks.jsonl");
  writeFileSync(path, tasksJsonl(generateTasks(count)) + extraLines.join("\n") + (extraLines.length ? "\n" : ""));
  return path;
}

function outputs(out: string) {
  const accepted = readJsonl<TrajectoryRecord>(join(out, "trajectories.jsonl"));
  const rejected = readJsonl<TrajectoryRecord>(join(out, "rejected.jsonl"));
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as RunManifest;
  return { accepted, rejected, manifest, ids: [...accepted, ...rejected].map((record) => record.task_id) };
}

function tokenSum(records: TrajectoryRecord[]) {
  let prompt = 0;
  let completion = 0;
  for (const record of records) {
    prompt += record.usage?.total.prompt_tokens ?? 0;
    completion += record.usage?.total.completion_tokens ?? 0;
  }
  return { prompt, completion };
}

describe("runSimulation", () => {
  it("writes every task once, into accepted or rejected, and a manifest whose totals match the records", async () => {
    const tasks = writeTasks(40);
    const out = join(dir, "run");
    const summary = await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), concurrency: 8, config: { model: "fake" } });
    const { accepted, rejected, manifest, ids } = outputs(out);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    expect(accepted).toHaveLength(32);
    expect(rejected.every((record) => record.reason === "turn-limit")).toBe(true);
    expect(summary.status).toBe("completed");
    expect(summary.stopReason).toBe("input-exhausted");
    expect(manifest.counts).toMatchObject({ done: 40, accepted: 32, rejected: 8 });
    const sum = tokenSum([...accepted, ...rejected]);
    expect(manifest.usage.total.prompt_tokens).toBe(sum.prompt);
    expect(manifest.usage.total.completion_tokens).toBe(sum.completion);
    expect(manifest.usage.by_stage.simulate!.total_tokens).toBe(sum.prompt + sum.completion);
    expect(Object.keys(manifest.usage.by_role).sort()).toEqual(["assistant", "tool", "user"]);
    expect(manifest.usage.per_accepted!.tokens).toBeCloseTo((sum.prompt + sum.completion) / 32);
    expect(manifest.config_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.versions["@langchain/core"]).toBeDefined();
  });

  it("reports a malformed input line with file and line number, and finishes the rest", async () => {
    const tasks = writeTasks(5, ["{not json", JSON.stringify({ id: "t-bad", strategy: "atomic", task: "x", subtasks: [], functions: [] })]);
    const out = join(dir, "run");
    const summary = await runSimulation({ tasks, outDir: out, processor: fakeProcessor() });
    const { rejected, ids } = outputs(out);
    expect(ids).toHaveLength(7);
    const invalid = rejected.filter((record) => record.reason === "invalid-input");
    expect(invalid.map((record) => record.meta.line)).toEqual([6, 7]);
    expect(invalid[1]!.task_id).toBe("t-bad");
    expect(invalid[1]!.meta.field).toBe("subtasks");
    expect(summary.warnings.some((text) => text.includes(`${tasks}:line 6`) && text.includes("not valid JSON"))).toBe(true);
    expect(summary.counts.invalid).toBe(2);
    expect(summary.counts.accepted).toBe(4);
  });

  it("prices usage per model and stops at a cost budget", async () => {
    const tasks = writeTasks(50);
    const out = join(dir, "run");
    const summary = await runSimulation({
      tasks,
      outDir: out,
      processor: fakeProcessor(),
      concurrency: 1,
      prices: { small: { prompt: 1, completion: 2 }, big: { prompt: 10, completion: 30 } },
      roleModels: { assistant: "big", "*": "small" },
      maxCost: 0.02,
    });
    const { accepted, rejected, manifest } = outputs(out);
    const records = [...accepted, ...rejected];
    const recordCost = records.reduce((sum, record) => sum + (record.usage?.cost ?? 0), 0);
    expect(summary.stopReason).toBe("cost-budget");
    expect(summary.status).toBe("stopped");
    expect(records.length).toBeLessThan(50);
    expect(manifest.usage.cost).toBeCloseTo(recordCost, 8);
    expect(manifest.usage.cost!).toBeGreaterThanOrEqual(0.02);
    expect(manifest.usage.by_model.big!.prompt_tokens).toBe(manifest.usage.by_role.assistant!.prompt_tokens);
  });

  it("says when the task file is missing, before creating anything", async () => {
    await expect(runSimulation({ tasks: join(dir, "nope.jsonl"), outDir: join(dir, "run"), processor: fakeProcessor() })).rejects.toMatchObject({
      name: "UserError",
      file: join(dir, "nope.jsonl"),
    });
    expect(existsSync(join(dir, "run"))).toBe(false);
  });

  it("refuses a cost cap it cannot enforce", async () => {
    const tasks = writeTasks(2);
    await expect(
      runSimulation({ tasks, outDir: join(dir, "run"), processor: fakeProcessor(), maxCost: 1, prices: { big: { prompt: 1, completion: 1 } }, roleModels: { "*": "small" } }),
    ).rejects.toMatchObject({ name: "UserError", message: expect.stringContaining("no price for 'small'") });
    await expect(runSimulation({ tasks, outDir: join(dir, "run"), processor: fakeProcessor(), maxCost: 1 })).rejects.toThrow(/needs a price table/);
  });

  it("stops at a token budget", async () => {
    const tasks = writeTasks(50);
    const summary = await runSimulation({ tasks, outDir: join(dir, "run"), processor: fakeProcessor(), concurrency: 2, maxTokens: 5_000 });
    expect(summary.stopReason).toBe("token-budget");
    expect(summary.usage.total.total_tokens).toBeGreaterThanOrEqual(5_000);
    expect(summary.counts.done).toBeLessThan(50);
  });

  it("keeps drawing tasks until exactly the target is accepted", async () => {
    const tasks = writeTasks(60);
    const out = join(dir, "run");
    const summary = await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), concurrency: 8, target: 20 });
    const { accepted, rejected } = outputs(out);
    expect(summary.stopReason).toBe("target-reached");
    expect(accepted).toHaveLength(20);
    expect(rejected.length).toBeGreaterThan(0);
    expect(summary.counts.done).toBeLessThan(60);
  });

  it("resumes after a crash: repairs the torn line, skips finished ids, keeps totals equal to the records", async () => {
    const tasks = writeTasks(30);
    const out = join(dir, "run");
    await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), limit: 12, config: { seed: 1 } });
    // What a SIGKILL mid-write leaves behind.
    appendFileSync(join(out, "trajectories.jsonl"), '{"id":"traj-t-0099","task_id":"t-00');
    const processed: string[] = [];
    const base = fakeProcessor();
    const summary = await runSimulation({
      tasks,
      outDir: out,
      resume: true,
      config: { seed: 1 },
      processor: (task, context) => {
        processed.push(task.id);
        return base(task, context);
      },
    });
    const { accepted, rejected, manifest, ids } = outputs(out);
    expect(ids.sort()).toEqual(generateTasks(30).map((task) => task.id!));
    expect(processed).toHaveLength(18);
    expect(summary.counts.resumed_skips).toBe(12);
    expect(summary.warnings.some((text) => text.includes("torn last line"))).toBe(true);
    expect(manifest.timings.sessions).toHaveLength(2);
    expect(manifest.counts.done).toBe(30);
    const sum = tokenSum([...accepted, ...rejected]);
    expect(manifest.usage.total.prompt_tokens).toBe(sum.prompt);
  });

  it("refuses to resume with a different config unless forced, and refuses to overwrite without --resume", async () => {
    const tasks = writeTasks(6);
    const out = join(dir, "run");
    await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), limit: 3, config: { model: "a", seed: 1 } });
    await expect(
      runSimulation({ tasks, outDir: out, processor: fakeProcessor(), resume: true, config: { model: "b", seed: 1 } }),
    ).rejects.toMatchObject({ name: "UserError", code: "config-mismatch", message: expect.stringContaining("model") });
    await expect(runSimulation({ tasks, outDir: out, processor: fakeProcessor(), config: { model: "a", seed: 1 } })).rejects.toMatchObject({
      name: "UserError",
      message: expect.stringContaining("--resume"),
    });
    const forced = await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), resume: true, force: true, config: { model: "b", seed: 1 } });
    expect(forced.counts.done).toBe(6);
  });

  it("drains in-flight work on the drain signal and records the stop in the manifest", async () => {
    const tasks = writeTasks(40);
    const out = join(dir, "run");
    const drain = new AbortController();
    const summary = await runSimulation({
      tasks,
      outDir: out,
      concurrency: 4,
      drain: drain.signal,
      processor: fakeProcessor(),
      onRecord: () => {
        if (!drain.signal.aborted) drain.abort();
      },
    });
    const { ids, manifest } = outputs(out);
    expect(summary.stopReason).toBe("drained");
    expect(manifest.status).toBe("stopped");
    // The items in flight when the signal came were finished and written, nothing more was drawn.
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(ids.length).toBeLessThanOrEqual(4);
    expect(manifest.counts.done).toBe(ids.length);
  });

  it("drops cancelled in-flight items so that a resume redoes them", async () => {
    const tasks = writeTasks(10);
    const out = join(dir, "run");
    const cancel = new AbortController();
    const summary = await runSimulation({
      tasks,
      outDir: out,
      concurrency: 3,
      signal: cancel.signal,
      processor: async (task, context) => {
        if (task.id === "t-0003") cancel.abort();
        await new Promise((resolve) => setImmediate(resolve));
        context.signal.throwIfAborted();
        return fakeProcessor()(task, context);
      },
    });
    expect(summary.stopReason).toBe("aborted");
    const resumed = await runSimulation({ tasks, outDir: out, processor: fakeProcessor(), resume: true });
    expect(resumed.counts.done).toBe(10);
    expect(outputs(out).ids).toHaveLength(10);
  });

  it("rejects a task whose processor throws a model-behaviour error, and stops after repeated system failures", async () => {
    const tasks = writeTasks(30);
    const out = join(dir, "run");
    const summary = await runSimulation({
      tasks,
      outDir: out,
      concurrency: 1,
      maxConsecutiveFailures: 3,
      retry: false,
      processor: async (task, context) => {
        if (task.id === "t-0000") throw new ModelBehaviorError("unparseable-output", "no JSON");
        if (task.id >= "t-0005") throw new SystemError("transport", "connection refused", { status: 503 });
        return fakeProcessor()(task, context);
      },
    });
    const { rejected, ids, manifest } = outputs(out);
    expect(rejected[0]).toMatchObject({ task_id: "t-0000", reason: "unparseable-output" });
    // Transport failures that outlive their retries are recorded as rejected, with the reason…
    expect(rejected.filter((record) => record.reason?.startsWith("transport")).map((record) => [record.task_id, record.reason])).toEqual(
      ["t-0005", "t-0006", "t-0007"].map((id) => [id, "transport: connection refused"]),
    );
    expect(ids).toHaveLength(8);
    expect(summary.status).toBe("failed");
    expect(summary.counts.failed).toBe(3);
    expect(summary.failedIds).toEqual(["t-0005", "t-0006", "t-0007"]);
    expect(manifest.error).toContain("connection refused");

    // …and a resume takes them out of rejected.jsonl and tries them again: still one line per id.
    const resumed = await runSimulation({ tasks, outDir: out, concurrency: 1, resume: true, retry: false, processor: fakeProcessor() });
    expect(resumed.status).toBe("completed");
    expect(resumed.warnings.join("\n")).toContain("3 task(s) that failed in transport last time are tried again");
    const after = outputs(out);
    expect(after.ids).toHaveLength(30);
    expect(new Set(after.ids).size).toBe(30);
    expect(after.rejected.filter((record) => record.reason?.startsWith("transport"))).toEqual([]);
  });
});
