import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buttonProgram } from "../../src/cli/program.js";
import { exportRecords } from "../../src/formats/export-records.js";
import { readRecords } from "../../src/formats/read-records.js";
import { collectStats } from "../../src/report/dataset-stats.js";
import { formatStatsText } from "../../src/report/stats-text.js";
import type { TaskRecord } from "../../src/schema/task.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { loadChatTemplates, renderCheckRecord } from "../../src/verify/chat-template-profiles.js";
import { validateFile } from "../../src/verify/validate-file.js";
import { verifyTrajectory } from "../../src/verify/verify-trajectory.js";
import { sharedDatasets } from "../helpers/shared-datasets.js";

const shared = sharedDatasets(import.meta.url);
const SHARES = { irrelevance: 0.2, "missing-info": 0.2, "missing-function": 0.1 };

const jsonl = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

async function cli(args: string[]): Promise<string> {
  const output: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  try {
    await buttonProgram().exitOverride().parseAsync(args, { from: "user" });
  } finally {
    write.mockRestore();
  }
  return output.join("");
}

let dir: string;
let ordinaryDir: string;
let printed: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-negatives-"));
  ordinaryDir = mkdtempSync(join(tmpdir(), "button-ordinary-"));
  const negatives = Object.entries(SHARES).map(([name, share]) => `${name}=${share}`).join(",");
  printed = await cli(["run", "--seeds", "examples/seeds", "--count", "40", "--negatives", negatives, "--out", dir, "--no-progress"]);
  // The same run without variants: each variant's base task played out the ordinary way.
  await cli(["run", "--seeds", "examples/seeds", "--count", "40", "--out", ordinaryDir, "--no-progress"]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(ordinaryDir, { recursive: true, force: true });
});

describe("run --negatives on the offline simulator", () => {
  it("makes each variant near its share of the tasks", () => {
    const tasks = jsonl<TaskRecord>(join(dir, "tasks.jsonl"));
    for (const [name, share] of Object.entries(SHARES)) {
      const made = tasks.filter((task) => task.variant === name).length;
      expect(Math.abs(made - share * tasks.length), name).toBeLessThanOrEqual(1);
      expect(printed).toContain(`negative variant ${name}: ${made}`);
    }
  });

  it("accepts every task's trajectory, and every accepted record passes its behaviour check", () => {
    const tasks = new Map(jsonl<TaskRecord>(join(dir, "tasks.jsonl")).map((task) => [task.id, task]));
    const accepted = jsonl<TrajectoryRecord>(join(dir, "trajectories.jsonl"));
    expect(accepted).toHaveLength(tasks.size);
    for (const record of accepted) {
      const task = tasks.get(record.task_id)!;
      expect(record.meta.variant).toBe(task.variant);
      const verification = verifyTrajectory(record, { task });
      expect(verification.rejections, record.task_id).toEqual([]);
      if (task.variant) expect(verification.verdicts.find((verdict) => verdict.check === `${task.variant}-behaviour`)?.ok, task.variant).toBe(true);
      if (task.variant === "irrelevance") expect(record.messages.some((message) => message.role === "assistant" && message.tool_calls?.length)).toBe(false);
    }
  });

  it("rejects, for every variant task, the ordinary trajectory of its base task (calling everything, or told the value up front)", () => {
    const ordinary = new Map(jsonl<TrajectoryRecord>(join(ordinaryDir, "trajectories.jsonl")).map((record) => [record.task_id, record]));
    const variants = jsonl<TaskRecord>(join(dir, "tasks.jsonl")).filter((task) => task.variant);
    expect(variants.length).toBeGreaterThan(10);
    for (const task of variants) {
      const base = ordinary.get((task.meta.negative as { base_task_id: string }).base_task_id)!;
      const wrong = { ...base, task_id: task.id, meta: { ...base.meta, variant: task.variant, negative: task.meta.negative } };
      const rejections = verifyTrajectory(wrong, { task }).rejections.map((verdict) => verdict.check);
      expect(rejections, task.id).toContain(`${task.variant}-behaviour`);
    }
  });

  it("shows the mix in stats", async () => {
    const text = formatStatsText(await collectStats(dir));
    expect(text).toMatch(/negative variants \(trajectories\)\n(\s+\S+\s+\d+\n){4}/);
    expect(text).toMatch(/irrelevance\s+\d+/);
  });

  it("exports to every format, and the exports read back valid (a record with no call included)", async () => {
    for (const format of ["button", "openai", "sharegpt", "hermes"]) {
      const file = join(dir, `export.${format}.jsonl`);
      const summary = await exportRecords(dir, format, file);
      expect(summary.skipped, format).toEqual([]);
      const report = await validateFile(file);
      expect(report.formats[file], format).toBe(format);
      expect(report.invalid, format).toEqual([]);
      let withoutCalls = 0;
      for await (const entry of readRecords(file)) {
        if (entry.record && !entry.record.messages.some((message) => message.role === "assistant" && message.tool_calls?.length)) withoutCalls++;
      }
      expect(withoutCalls, format).toBeGreaterThanOrEqual(Math.round(SHARES.irrelevance * summary.written));
    }
  });

  it.skipIf(!shared.exists)("renders every negative trajectory through the tool chat templates", async () => {
    const templates = await loadChatTemplates(join(shared.dir, "chat-templates"));
    const accepted = jsonl<TrajectoryRecord>(join(dir, "trajectories.jsonl")).filter((record) => record.meta.variant);
    expect(accepted.length).toBeGreaterThan(0);
    for (const record of accepted) {
      for (const rendered of renderCheckRecord(record, templates)) expect(rendered.problems, `${record.meta.variant} ${rendered.profile}`).toEqual([]);
    }
  });
});
