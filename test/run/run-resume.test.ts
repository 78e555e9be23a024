import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { fingerprintFile } from "../../src/run/input-fingerprint.js";
import { RunTally } from "../../src/run/run-counts.js";
import { runPaths, type RunPaths } from "../../src/run/run-directory.js";
import { configHash, type RunManifest } from "../../src/run/run-manifest.js";
import { badRecordLine, earlierRecords, holdsRecords, prepareResume, replayRecords } from "../../src/run/run-resume.js";
import { UsageLedger } from "../../src/run/usage-ledger.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";

let dir: string;
let paths: RunPaths;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-resume-"));
  paths = runPaths(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = { models: { "*": "sim" }, seed: 1, max_turns: 12 };

function record(taskId: string, extra: Partial<TrajectoryRecord> = {}): TrajectoryRecord {
  return { id: `r-${taskId}`, task_id: taskId, messages: [], tools: [], parallel_tool_calls: true, verdicts: [], meta: {}, ...extra };
}

const lines = (records: TrajectoryRecord[]) => records.map((item) => `${JSON.stringify(item)}\n`).join("");

function writeManifest(overrides: Partial<RunManifest> = {}): void {
  const manifest = { manifest_version: 1, status: "stopped", input: "tasks.jsonl", config, config_hash: configHash(config), timings: { sessions: [] }, ...overrides };
  writeFileSync(paths.manifest, JSON.stringify(manifest));
}

function request(overrides: Partial<Parameters<typeof prepareResume>[0]> = {}) {
  const warnings: string[] = [];
  return { warnings, request: { paths, resume: true, config, configHash: configHash(config), warn: (text: string) => warnings.push(text), ...overrides } };
}

describe("prepareResume", () => {
  it("lets a fresh run into an empty directory and refuses one that holds a run without --resume", async () => {
    expect(await prepareResume(request({ resume: false }).request)).toBeUndefined();
    writeFileSync(paths.trajectories, lines([record("a")]));
    expect(await holdsRecords(paths)).toBe(true);
    await expect(prepareResume(request({ resume: false }).request)).rejects.toThrow(/already holds a run. Pass --resume/);
  });

  it("refuses a resume with another config, naming the field that differs; --force lets it through", async () => {
    writeManifest();
    const changed = { ...config, max_turns: 20 };
    const attempt = prepareResume(request({ config: changed, configHash: configHash(changed) }).request);
    await expect(attempt).rejects.toThrow(/differs in: max_turns/);
    const error = await attempt.catch((caught: unknown) => caught as UserError);
    expect(error).toMatchObject({ name: "UserError", code: "config-mismatch", field: "config.max_turns", file: paths.manifest });
    await expect(prepareResume(request({ config: changed, configHash: configHash(changed), force: true }).request)).resolves.toMatchObject({ status: "stopped" });
  });

  it("refuses a task file whose content changed, but not one with tasks appended", async () => {
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, '{"id":"a"}\n');
    writeManifest({ input_fingerprint: await fingerprintFile(tasks) });
    writeFileSync(tasks, '{"id":"a"}\n{"id":"b"}\n');
    await expect(prepareResume(request({ tasksFile: tasks }).request)).resolves.toBeDefined();
    writeFileSync(tasks, '{"id":"z"}\n');
    await expect(prepareResume(request({ tasksFile: tasks }).request)).rejects.toMatchObject({ code: "config-mismatch", field: "input_fingerprint", file: tasks });
  });

  it("cuts a torn last line, drops retryable rejections so they run again, and says so", async () => {
    writeManifest();
    writeFileSync(paths.trajectories, `${lines([record("a")])}{"id":"r-b","task_id":"b","mess`);
    writeFileSync(paths.rejected, lines([record("c", { reason: "turn-limit" }), record("d", { reason: "transport: HTTP 503", meta: { retryable: true } })]));
    const { warnings, request: resume } = request();
    await prepareResume(resume);
    expect(readFileSync(paths.trajectories, "utf8")).toBe(lines([record("a")]));
    expect(readFileSync(paths.rejected, "utf8")).toBe(lines([record("c", { reason: "turn-limit" })]));
    expect(warnings.some((text) => text.includes("removed a torn last line") && text.includes("interrupted run"))).toBe(true);
    expect(warnings).toContain("1 task(s) that failed in transport last time are tried again");
  });

  it("resumes from the record files alone when the manifest is missing, with a warning", async () => {
    writeFileSync(paths.trajectories, lines([record("a")]));
    const { warnings, request: resume } = request();
    expect(await prepareResume(resume)).toBeUndefined();
    expect(warnings).toEqual([`${paths.manifest} was missing; resuming from the record files alone`]);
  });
});

describe("replayRecords", () => {
  it("counts each task once (the first record wins), feeds the ledger, and shows accepted records to the duplicate checks", async () => {
    const usage = { by_role: { user: { prompt_tokens: 10, completion_tokens: 5 } }, total: { prompt_tokens: 10, completion_tokens: 5 } };
    writeFileSync(paths.trajectories, lines([record("a", { usage }), record("b", { usage })]) + "not json\n");
    writeFileSync(paths.rejected, lines([record("a", { reason: "turn-limit" }), record("c", { reason: "verification: final-answer: none", usage })]));
    const tally = new RunTally(new UsageLedger());
    const remembered: string[] = [];
    const repeats: string[] = [];
    const bad: string[] = [];
    await replayRecords(
      earlierRecords(paths, (file, line) => bad.push(badRecordLine(file, line))),
      {
        doneIds: tally.doneIds,
        replay: (item, accepted) => tally.replay(item, accepted),
        remember: (item) => remembered.push(item.task_id),
        onRepeat: (file, taskId) => repeats.push(`${file}:${taskId}`),
      },
    );
    expect([...tally.doneIds]).toEqual(["a", "b", "c"]);
    expect(tally.counts).toMatchObject({ done: 3, accepted: 2, rejected: 1, rejected_by_reason: { "verification:final-answer": 1 } });
    // Replayed records are earlier sessions' work: this session has written nothing yet.
    expect(tally.sessionDone).toBe(0);
    expect(tally.ledger.totalTokens).toBe(45);
    expect(remembered).toEqual(["a", "b"]);
    expect(repeats).toEqual([`${paths.rejected}:a`]);
    expect(bad).toEqual([badRecordLine(paths.trajectories, 3)]);
  });
});
