import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectStats, reasonKind } from "../../src/report/dataset-stats.js";
import { distribution } from "../../src/report/distribution.js";
import { renderStatsHtml } from "../../src/report/stats-html.js";
import { formatStatsText } from "../../src/report/stats-text.js";
import { fixturePath, sharedDatasets } from "../helpers/shared-datasets.js";
import { loadOpenAIFixture } from "../helpers/records.js";

const records = loadOpenAIFixture(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl"));

/** A small run directory: three accepted trajectories, two rejected ones, three tasks. */
function runDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "button-stats-"));
  const usage = (assistant: number, tool: number) => ({
    by_role: { assistant: { prompt_tokens: assistant, completion_tokens: 10 }, tool: { prompt_tokens: tool, completion_tokens: 5 } },
    total: { prompt_tokens: assistant + tool, completion_tokens: 15 },
  });
  const accepted = records.map((record, index) => ({
    ...record,
    usage: usage(100 * (index + 1), 20),
    verdicts: index === 0 ? [{ check: "grounding", ok: false, severity: "warn", detail: "…" }] : [],
  }));
  writeFileSync(join(dir, "trajectories.jsonl"), accepted.map((record) => JSON.stringify(record)).join("\n") + "\n");
  writeFileSync(
    join(dir, "rejected.jsonl"),
    [
      { id: "x1", task_id: "t-x1", messages: [], tools: [], parallel_tool_calls: false, reason: "exact-duplicate: same conversation as record 'r-1'", usage: usage(50, 0) },
      { id: "x2", task_id: "t-x2", messages: [], tools: [], parallel_tool_calls: false, reason: "turn-limit: no final answer after 12 turns" },
      { id: "x3", task_id: "t-x3", messages: [], tools: [], parallel_tool_calls: false, reason: "exact-duplicate: same conversation as record 'r-2'" },
    ]
      .map((record) => JSON.stringify(record))
      .join("\n") + "\n",
  );
  const task = (id: string, strategy: string, functions: number) => ({ id, strategy, functions: Array.from({ length: functions }, (_, index) => ({ name: `f${index}` })) });
  writeFileSync(
    join(dir, "tasks.jsonl"),
    [task("t-weather", "parallel-then-sequential", 2), task("t-book", "sequential", 2), task("t-convert", "atomic", 1)].map((line) => JSON.stringify(line)).join("\n") + "\n",
  );
  return dir;
}

describe("distribution", () => {
  it("summarises counts", () => {
    expect(distribution([3, 1, 2, 2])).toEqual({ count: 4, min: 1, max: 3, mean: 2, median: 2, histogram: { "1": 1, "2": 2, "3": 1 } });
    expect(distribution([]).count).toBe(0);
  });
});

describe("collectStats on a run directory", () => {
  const dir = runDirectory();

  it("counts, distributions, strategies, rejection reasons and token usage", async () => {
    const stats = await collectStats(dir);
    expect(stats.trajectories).toBe(3);
    expect(stats.rejected).toBe(3);
    expect(stats.unreadable).toBe(0);
    expect(stats.turns.histogram).toEqual({ "2": 1, "3": 2 }); // assistant messages: parallel 2, sequential 3, multi-turn 3
    expect(stats.callsPerTrajectory.histogram).toEqual({ "1": 1, "2": 1, "3": 1 });
    expect(stats.callsPerTurn.histogram).toEqual({ "1": 3, "3": 1 });
    expect(stats.parallelTurns.histogram).toEqual({ "0": 2, "1": 1 });
    expect(stats.functionsPerTask.histogram).toEqual({ "1": 1, "2": 2 });
    expect(stats.strategies).toEqual({ "parallel-then-sequential": 1, sequential: 1, atomic: 1 });
    expect(stats.rejectionReasons).toEqual({ "exact-duplicate": 2, "turn-limit": 1 });
    expect(stats.failedVerdicts).toEqual({ grounding: 1 });
    expect(stats.tokenUsage.records).toBe(4);
    expect(stats.tokenUsage.byRole.assistant).toEqual({ prompt_tokens: 650, completion_tokens: 40 });
    expect(stats.tokenUsage.total).toEqual({ prompt_tokens: 650 + 60, completion_tokens: 40 + 3 * 5 + 5 });
  });

  it("prints text and writes an HTML page with the same numbers", async () => {
    const stats = await collectStats(dir);
    const text = formatStatsText(stats);
    expect(text).toContain("trajectories: 3   rejected: 3");
    expect(text).toMatch(/calls per calling turn\s+min 1 {2}median 1 {2}mean 1.5 {2}max 3 {3}\[1:3 3:1\]/);
    expect(text).toMatch(/exact-duplicate\s+2/);
    const html = renderStatsHtml(stats, "Run <demo>");
    expect(html).toContain("<title>Run &lt;demo&gt;</title>");
    expect(html).toContain("<h2>rejection reasons</h2>");
    expect(html).toContain("<td>assistant</td><td>650</td><td>40</td>");
  });
});

describe("reasonKind", () => {
  it("takes the text before the first colon", () => {
    expect(reasonKind("final-answer: no final answer")).toBe("final-answer");
    expect(reasonKind("")).toBe("unknown");
  });
});

const datasets = sharedDatasets(import.meta.url);
describe.skipIf(!datasets.exists)("collectStats on real data", () => {
  it("reads the glaive demo as ShareGPT and counts its 137 calls", async () => {
    const stats = await collectStats(join(datasets.dir, "glaive-v2", "glaive_toolcall_en_demo_sharegpt_first200.jsonl"));
    expect(stats.formats).toEqual({ sharegpt: 200 });
    expect(stats.callsPerTurn.count).toBe(137);
    expect(stats.parallelTurns.max).toBe(0);
    expect(readFileSync(join(datasets.dir, "glaive-v2", "README.md"), "utf8")).toContain("137 function_call");
  });
});
