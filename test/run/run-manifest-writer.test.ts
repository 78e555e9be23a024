import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyRunCounts } from "../../src/run/run-counts.js";
import type { RunManifest } from "../../src/run/run-manifest.js";
import { manifestWarnings, RunManifestWriter, type ManifestState, type ManifestWriterOptions } from "../../src/run/run-manifest-writer.js";
import { UsageLedger } from "../../src/run/usage-ledger.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-manifest-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writer(state: Partial<ManifestState> = {}, options: Partial<ManifestWriterOptions> = {}) {
  const errors: string[] = [];
  const counts = { ...emptyRunCounts(), done: 3, accepted: 2, rejected: 1, rejected_by_reason: { "turn-limit": 1 } };
  const path = join(dir, "manifest.json");
  const manifest = new RunManifestWriter({
    path,
    input: "tasks.jsonl",
    config: { seed: 1 },
    configHash: "abc",
    runId: "run-2",
    state: () => ({ counts, usage: new UsageLedger().summary(), retries: { "HTTP 429": 2 }, warnings: [], sessionRecords: 3, ...state }),
    onError: (text) => errors.push(text),
    ...options,
  });
  return { manifest, errors, path, read: () => JSON.parse(readFileSync(path, "utf8")) as RunManifest };
}

const earlier = {
  timings: { started_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:01:00.000Z", elapsed_ms: 60_000, records_per_second: 1, sessions: [{ started_at: "2026-01-01T00:00:00.000Z", ended_at: "2026-01-01T00:01:00.000Z", records: 60, run_id: "run-1" }] },
} as RunManifest;

describe("RunManifestWriter", () => {
  it("gives the stop reason only once the run is no longer running, and the error when there is one", async () => {
    const { manifest } = writer({ stopReason: "token-budget", error: "endpoint down" });
    const running = await manifest.build("running");
    expect(running.status).toBe("running");
    expect(running.stop_reason).toBeUndefined();
    const stopped = await manifest.build("stopped");
    expect(stopped).toMatchObject({ status: "stopped", stop_reason: "token-budget", error: "endpoint down", config_hash: "abc", input: "tasks.jsonl" });
    expect(stopped.counts).toMatchObject({ done: 3, accepted: 2, rejected_by_reason: { "turn-limit": 1 } });
    expect(stopped.retries).toEqual({ "HTTP 429": 2 });
  });

  it("carries the earlier sessions on and adds this one with its run id, records and end", async () => {
    const { manifest } = writer({}, { previous: earlier });
    manifest.endSession();
    const built = await manifest.build("completed");
    expect(built.timings.started_at).toBe("2026-01-01T00:00:00.000Z");
    expect(built.timings.elapsed_ms).toBeGreaterThanOrEqual(60_000);
    expect(built.timings.sessions).toHaveLength(2);
    expect(built.timings.sessions[0]).toEqual(earlier.timings.sessions[0]);
    expect(built.timings.sessions[1]).toMatchObject({ run_id: "run-2", records: 3, ended_at: expect.any(String) });
  });

  it("writes in call order, so the last status asked for is the one on disk", async () => {
    const { manifest, read } = writer({ stopReason: "input-exhausted" });
    void manifest.save("running");
    void manifest.save("running");
    await manifest.save("completed");
    expect(read()).toMatchObject({ status: "completed", stop_reason: "input-exhausted" });
  });

  it("adds extra fields (a queue's address) and the input fingerprint", async () => {
    const { manifest } = writer({}, { extra: { queue: "redis://127.0.0.1:6379/q" }, inputFingerprint: { bytes: 10, sha256: "00" } });
    expect(await manifest.build("running")).toMatchObject({ queue: "redis://127.0.0.1:6379/q", input_fingerprint: { bytes: 10, sha256: "00" } });
  });

  it("reports a failed write instead of throwing, and the run goes on", async () => {
    const { manifest, errors } = writer({}, { path: join(dir, "missing", "folder", "manifest.json") });
    await manifest.save("running");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^could not write manifest: /);
  });
});

describe("manifestWarnings", () => {
  it("adds one warning per model without a price", () => {
    expect(manifestWarnings(["bad line"], ["gpt-x"])).toEqual(["bad line", "no price for model 'gpt-x'; cost is not known"]);
  });
});
