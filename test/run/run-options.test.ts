import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addSimulationFlags } from "../../src/cli/simulation-flags.js";
import { DEFAULT_MAX_ATTEMPTS } from "../../src/run/model-retry.js";
import type { ProgressReporter, ProgressSnapshot } from "../../src/run/progress-reporter.js";
import { ProgressTicker } from "../../src/run/progress-ticker.js";
import { countRecord, emptyRunCounts, RunTally } from "../../src/run/run-counts.js";
import { MAX_CONCURRENCY, resolveRunOptions, RUN_DEFAULTS, type RunOptions } from "../../src/run/run-options.js";
import { UsageLedger } from "../../src/run/usage-ledger.js";

const base: RunOptions = { tasks: "tasks.jsonl", outDir: "out" };

describe("run defaults", () => {
  it("are filled in from RUN_DEFAULTS, and the CLI flags default to the same values", () => {
    expect(resolveRunOptions(base)).toEqual({
      concurrency: RUN_DEFAULTS.concurrency,
      maxConsecutiveFailures: RUN_DEFAULTS.maxConsecutiveFailures,
      manifestIntervalMs: RUN_DEFAULTS.manifestIntervalMs,
      progressIntervalMs: RUN_DEFAULTS.progressIntervalMs,
      stage: "simulate",
      lock: true,
      stopRules: { target: undefined, limit: undefined, maxTokens: undefined, maxCost: undefined },
    });
    expect(RUN_DEFAULTS.retryAttempts).toBe(DEFAULT_MAX_ATTEMPTS);
    const flags = addSimulationFlags(new Command("simulate")).opts();
    expect(flags.concurrency).toBe(RUN_DEFAULTS.concurrency);
    expect(flags.maxAttempts).toBe(RUN_DEFAULTS.retryAttempts);
  });

  it("keeps what the caller set", () => {
    const settings = resolveRunOptions({ ...base, concurrency: 16, maxConsecutiveFailures: 3, manifestIntervalMs: 100, stage: "judge", lock: false, target: 5, limit: 9, maxTokens: 1000 });
    expect(settings).toMatchObject({ concurrency: 16, maxConsecutiveFailures: 3, manifestIntervalMs: 100, stage: "judge", lock: false, stopRules: { target: 5, limit: 9, maxTokens: 1000 } });
  });

  it("refuses options a run cannot start with, naming the field", () => {
    expect(() => resolveRunOptions({ ...base, concurrency: 0 })).toThrow(expect.objectContaining({ field: "concurrency", code: "invalid-config" }));
    expect(() => resolveRunOptions({ ...base, concurrency: MAX_CONCURRENCY + 1 })).toThrow(/use a smaller --concurrency/);
    expect(() => resolveRunOptions({ ...base, target: 2.5 })).toThrow(expect.objectContaining({ field: "target" }));
    expect(() => resolveRunOptions({ ...base, limit: -1 })).toThrow(expect.objectContaining({ field: "limit" }));
    expect(() => resolveRunOptions({ ...base, maxCost: 1 })).toThrow(expect.objectContaining({ field: "maxCost", message: expect.stringMatching(/needs a price table/) }));
  });
});

describe("run counts", () => {
  it("count a rejection under its code, and an invalid input also as invalid", () => {
    const counts = emptyRunCounts();
    countRecord(counts, {}, true);
    countRecord(counts, { reason: "turn-limit" }, false);
    countRecord(counts, { reason: "verification: final-answer: no final answer" }, false);
    countRecord(counts, { reason: "invalid-input" }, false);
    expect(counts).toMatchObject({ done: 4, accepted: 1, rejected: 3, invalid: 1, rejected_by_reason: { "turn-limit": 1, "verification:final-answer": 1, "invalid-input": 1 } });
  });

  it("a tally tells replayed records from this session's, and makes the progress snapshot", () => {
    const tally = new RunTally(new UsageLedger());
    const usage = { by_role: { user: { prompt_tokens: 7, completion_tokens: 3 } }, total: { prompt_tokens: 7, completion_tokens: 3 } };
    tally.replay({ task_id: "a", usage }, true);
    tally.add({ task_id: "b", usage }, true);
    tally.add({ task_id: "c", reason: "turn-limit" }, false);
    expect([...tally.doneIds]).toEqual(["a", "b", "c"]);
    expect(tally.snapshot({ total: 10, totalIsTarget: false, elapsedMs: 2000 })).toEqual({
      done: 3,
      accepted: 2,
      rejected: 1,
      total: 10,
      totalIsTarget: false,
      sessionDone: 2,
      sessionAccepted: 1,
      elapsedMs: 2000,
      tokens: 20,
      cost: undefined,
    });
  });
});

describe("ProgressTicker", () => {
  it("reports each update and the final state once; without a reporter it does nothing", () => {
    const seen: string[] = [];
    const reporter: ProgressReporter = { update: (snapshot) => seen.push(`update ${snapshot.done}`), stop: (snapshot) => seen.push(`stop ${snapshot.done}`) };
    let done = 0;
    const snapshot = (): ProgressSnapshot => ({ done, accepted: done, rejected: 0, totalIsTarget: false, sessionDone: done, sessionAccepted: done, elapsedMs: 0, tokens: 0 });
    // An hour between ticks: only the explicit calls report in this test.
    const ticker = new ProgressTicker(reporter, snapshot, 3_600_000);
    done = 1;
    ticker.update();
    done = 2;
    ticker.finish();
    expect(seen).toEqual(["update 1", "stop 2"]);
    const silent = new ProgressTicker(undefined, snapshot, 3_600_000);
    silent.update();
    silent.finish();
    expect(seen).toHaveLength(2);
  });
});
