import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { exampleTasks } from "../helpers/fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-verify-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string): TrajectoryRecord[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe("trajectory checks in the pipeline", () => {
  it("stores verdicts on every accepted record and rejects duplicates, also across a resume", async () => {
    const [first, second] = exampleTasks();
    // The same task under another id plays out identically on the simulator: an exact duplicate.
    const copy = { ...first!, id: "copy-of-first" };
    const later = { ...first!, id: "copy-after-resume" };
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, [first, second, copy].map((task) => JSON.stringify(task)).join("\n") + "\n");
    const out = join(dir, "run");
    const simulation = { models: resolveRoleModels() };
    await runSimulation({ tasks, outDir: out, simulation, concurrency: 1, progress: false });

    const accepted = read(join(out, "trajectories.jsonl"));
    expect(accepted.map((record) => record.task_id)).toEqual([first!.id, second!.id]);
    for (const record of accepted) {
      const checks = new Set(record.verdicts.map((verdict) => verdict.check));
      for (const name of ["structure", "role-order", "call-result-pairing", "arguments-valid", "known-functions", "final-answer", "coverage", "parallel-sanity", "grounding", "exact-duplicate", "near-duplicate"]) {
        expect(checks, `${record.task_id} lacks a '${name}' verdict`).toContain(name);
      }
    }
    const rejected = read(join(out, "rejected.jsonl"));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/^verification: exact-duplicate/);

    writeFileSync(tasks, [first, second, copy, later].map((task) => JSON.stringify(task)).join("\n") + "\n");
    await runSimulation({ tasks, outDir: out, simulation, concurrency: 1, progress: false, resume: true });
    const afterResume = read(join(out, "rejected.jsonl"));
    expect(afterResume.map((record) => record.task_id)).toEqual(["copy-of-first", "copy-after-resume"]);
    expect(afterResume[1]!.reason).toMatch(/^verification: exact-duplicate/);
  });

  it("can turn a check off or make it a warning", async () => {
    const [first] = exampleTasks();
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, [first, { ...first!, id: "again" }].map((task) => JSON.stringify(task)).join("\n") + "\n");
    const out = join(dir, "run");
    await runSimulation({
      tasks,
      outDir: out,
      simulation: { models: resolveRoleModels() },
      verify: { severity: { "exact-duplicate": "warn" } },
      progress: false,
    });
    const accepted = read(join(out, "trajectories.jsonl"));
    expect(accepted).toHaveLength(2);
    const warned = accepted.flatMap((record) => record.verdicts.filter((verdict) => verdict.check === "exact-duplicate" && !verdict.ok));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.severity).toBe("warn");
  });
});

describe("roles from the simulate flags", () => {
  it("injects tool errors that are recovered from, picks personas, and keeps results checks quiet about error results", async () => {
    const { buttonProgram } = await import("../../src/cli/program.js");
    const out = join(dir, "roles");
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await buttonProgram()
        .exitOverride()
        .parseAsync(["simulate", "--tasks", fileURLToPath(new URL("../../examples/tasks.jsonl", import.meta.url)), "--out", out, "--personas", "--critic", "1", "--tool-error-rate", "0.3", "--no-progress"], {
          from: "user",
        });
    } finally {
      process.stdout.write = write;
    }
    const records = read(join(out, "trajectories.jsonl"));
    expect(records).toHaveLength(exampleTasks().length);
    const failed = records.flatMap((record) =>
      record.messages.flatMap((message, index) => (message.role === "tool" && message.content.includes('"error"') ? [{ record, index }] : [])),
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const { record, index } of failed) {
      const errorMessage = record.messages[index] as { name?: string };
      // Every failed call is tried again later in the same trajectory and then succeeds.
      const later = record.messages.slice(index + 1).filter((message) => message.role === "tool" && (message as { name?: string }).name === errorMessage.name);
      expect(later.some((message) => !(message as { content: string }).content.includes('"error"'))).toBe(true);
    }
    const personas = new Set(records.map((record) => (record.meta.roles as { user: { persona: string } }).user.persona));
    expect(personas.size).toBeGreaterThan(1);
    const noisy = records.flatMap((record) => record.verdicts.filter((verdict) => verdict.check === "results-valid" && !verdict.ok));
    expect(noisy).toEqual([]);
    expect(records.every((record) => (record.meta.roles as Record<string, unknown>).critic !== undefined)).toBe(true);
  });
});
