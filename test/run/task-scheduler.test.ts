import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { emptyRunCounts } from "../../src/run/run-counts.js";
import type { StopRules } from "../../src/run/run-options.js";
import { runWorkers, TaskScheduler } from "../../src/run/task-scheduler.js";
import type { SourceEntry } from "../../src/run/task-source.js";
import type { TaskRecord } from "../../src/schema/task.js";

/** Entries of an in-memory input; the scheduler only reads ids and positions. */
function entries(ids: string[]): SourceEntry[] {
  return ids.map((id, index) => ({ kind: "task", task: { id } as TaskRecord, position: { origin: "memory", line: index + 1 } }));
}

async function* iterate(items: SourceEntry[], onRead?: () => void): AsyncIterable<SourceEntry> {
  for (const item of items) {
    onRead?.();
    yield item;
  }
}

/** A run in miniature: every task is accepted unless `reject` says otherwise, and costs `tokensEach`. */
function miniRun(ids: string[], rules: StopRules, options: { doneIds?: string[]; reject?: (id: string) => boolean; tokensEach?: number; drain?: AbortSignal } = {}) {
  const counts = emptyRunCounts();
  const warnings: string[] = [];
  const written: string[] = [];
  let tokens = 0;
  let read = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const doneIds = new Set(options.doneIds ?? []);
  const scheduler = new TaskScheduler({
    entries: iterate(entries(ids), () => read++),
    rules,
    totals: () => ({ accepted: counts.accepted, tokens, cost: tokens / 1000 }),
    doneIds,
    counts,
    warn: (text) => warnings.push(text),
    drain: options.drain,
  });
  const run = async (concurrency: number) => {
    await runWorkers(
      scheduler,
      concurrency,
      async (entry) => {
        if (entry.kind !== "task") return;
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Let every other worker draw before this one finishes, as real tasks overlap.
        for (let turn = 0; turn < 5; turn++) await Promise.resolve();
        inFlight--;
        tokens += options.tokensEach ?? 0;
        doneIds.add(entry.task.id);
        written.push(entry.task.id);
        counts.done++;
        if (options.reject?.(entry.task.id)) counts.rejected++;
        else counts.accepted++;
      },
      (error) => warnings.push(`error: ${String(error)}`),
    );
    return { stopReason: scheduler.finalStopReason(), counts, written, warnings, read: () => read, mostInFlight };
  };
  return { scheduler, run };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `t${index}`);

describe("TaskScheduler", () => {
  it("draws everything in input order and ends with input-exhausted", async () => {
    const result = await miniRun(ids(10), {}).run(1);
    expect(result.written).toEqual(ids(10));
    expect(result.stopReason).toBe("input-exhausted");
  });

  it("never overshoots a target, even with 8 workers and rejections on the way", async () => {
    for (const concurrency of [1, 3, 8]) {
      const result = await miniRun(ids(50), { target: 5 }, { reject: (id) => Number(id.slice(1)) % 3 === 0 }).run(concurrency);
      expect(result.counts.accepted, `concurrency ${concurrency}`).toBe(5);
      expect(result.stopReason).toBe("target-reached");
      // Never more in flight than could still be needed, so nothing is paid for and thrown away.
      expect(result.mostInFlight).toBeLessThanOrEqual(5);
    }
  });

  it("stops at a limit of entries read, counting skipped ones", async () => {
    const result = await miniRun(ids(20), { limit: 6 }, { doneIds: ["t0", "t1"] }).run(4);
    expect(result.written).toEqual(["t2", "t3", "t4", "t5"]);
    expect(result.counts.resumed_skips).toBe(2);
    expect(result.stopReason).toBe("limit-reached");
    expect(result.read()).toBe(6);
  });

  it("stops drawing at a token budget and at a cost budget; tasks in flight still finish", async () => {
    const byTokens = await miniRun(ids(20), { maxTokens: 250 }, { tokensEach: 100 }).run(1);
    expect(byTokens.written).toHaveLength(3);
    expect(byTokens.stopReason).toBe("token-budget");
    const byCost = await miniRun(ids(20), { maxCost: 0.2 }, { tokensEach: 100 }).run(1);
    expect(byCost.written).toHaveLength(2);
    expect(byCost.stopReason).toBe("cost-budget");
    // Tasks drawn before the budget was met are not taken back; only new draws stop.
    let tokens = 0;
    const scheduler = new TaskScheduler({ entries: iterate(entries(ids(20))), rules: { maxTokens: 100 }, totals: () => ({ accepted: 0, tokens }), doneIds: new Set(), counts: emptyRunCounts(), warn: () => undefined });
    const drawn = await Promise.all([scheduler.draw(), scheduler.draw(), scheduler.draw(), scheduler.draw()]);
    expect(drawn.map((entry) => entry?.kind)).toEqual(["task", "task", "task", "task"]);
    expect(scheduler.inFlight).toBe(4);
    tokens = 100;
    expect(await scheduler.draw()).toBeUndefined();
    expect(scheduler.stopReason).toBe("token-budget");
    expect(scheduler.inFlight).toBe(4);
  });

  it("a budget met by the last records of the input is the stop reason, not the end of input", async () => {
    const result = await miniRun(ids(3), { maxTokens: 300 }, { tokensEach: 100 }).run(1);
    expect(result.written).toHaveLength(3);
    expect(result.stopReason).toBe("token-budget");
  });

  it("skips tasks done in an earlier session and repeated ids, with a warning naming where", async () => {
    const list = entries(["a", "b", "a", "c", "b"]);
    const counts = emptyRunCounts();
    const warnings: string[] = [];
    const scheduler = new TaskScheduler({ entries: iterate(list), rules: {}, totals: () => ({ accepted: 0, tokens: 0 }), doneIds: new Set(["c"]), counts, warn: (text) => warnings.push(text) });
    const drawn: string[] = [];
    await runWorkers(scheduler, 2, async (entry) => void drawn.push(entry.kind === "task" ? entry.task.id : entry.id), () => undefined);
    expect(drawn).toEqual(["a", "b"]);
    expect(counts).toMatchObject({ resumed_skips: 1, duplicates: 2 });
    expect(warnings).toEqual(["memory:3: task id 'a' appeared earlier in the input; skipped", "memory:5: task id 'b' appeared earlier in the input; skipped"]);
  });

  it("hands out invalid entries without counting them in flight", async () => {
    const invalid: SourceEntry = { kind: "invalid", id: "bad", error: new UserError("not a task"), position: { line: 1 } };
    const scheduler = new TaskScheduler({ entries: iterate([invalid, ...entries(["a"])]), rules: {}, totals: () => ({ accepted: 0, tokens: 0 }), doneIds: new Set(), counts: emptyRunCounts(), warn: () => undefined });
    expect(await scheduler.draw()).toBe(invalid);
    expect(scheduler.inFlight).toBe(0);
    expect((await scheduler.draw())?.kind).toBe("task");
    expect(scheduler.inFlight).toBe(1);
    scheduler.release();
    expect(await scheduler.draw()).toBeUndefined();
    expect(scheduler.finalStopReason()).toBe("input-exhausted");
  });

  it("a drain stops drawing; the first stop reason is kept", async () => {
    const drain = new AbortController();
    const { scheduler, run } = miniRun(ids(10), {}, { drain: drain.signal });
    const first = await scheduler.draw();
    expect(first?.kind).toBe("task");
    scheduler.release();
    drain.abort();
    scheduler.stop("error");
    const result = await run(2);
    expect(result.written).toEqual([]);
    expect(result.stopReason).toBe("drained");
  });

  it("a run cancelled before it starts draws nothing and says aborted", async () => {
    const cancel = new AbortController();
    cancel.abort();
    const scheduler = new TaskScheduler({ entries: iterate(entries(ids(3))), rules: {}, totals: () => ({ accepted: 0, tokens: 0 }), doneIds: new Set(), counts: emptyRunCounts(), warn: () => undefined, cancel: cancel.signal });
    expect(await scheduler.draw()).toBeUndefined();
    expect(scheduler.finalStopReason()).toBe("aborted");
  });

  it("a failing source or handler stops the run with error, and the error is reported once per worker that met it", async () => {
    async function* broken(): AsyncIterable<SourceEntry> {
      yield* entries(["a"]);
      throw new Error("connection lost");
    }
    const errors: unknown[] = [];
    const scheduler = new TaskScheduler({ entries: broken(), rules: {}, totals: () => ({ accepted: 0, tokens: 0 }), doneIds: new Set(), counts: emptyRunCounts(), warn: () => undefined });
    await runWorkers(scheduler, 1, async () => undefined, (error) => errors.push(error));
    expect(errors.map((error) => (error as Error).message)).toEqual(["connection lost"]);
    expect(scheduler.finalStopReason()).toBe("error");
    expect(scheduler.inFlight).toBe(0);
  });
});
