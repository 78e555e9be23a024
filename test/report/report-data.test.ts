import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectReportData, dependencyDepth } from "../../src/report/report-data.js";
import { jsonForScript, renderReportHtml } from "../../src/report/report-html.js";
import { fixturePath } from "../helpers/shared-datasets.js";
import { loadOpenAIFixture } from "../helpers/records.js";

const records = loadOpenAIFixture(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl"));

function runDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "button-report-data-"));
  const accepted = records.map((record, index) => ({
    ...record,
    task_id: `t-${index}`,
    verdicts: [{ check: "judge", ok: true, score: index + 3, scores: { helpfulness: 4, grounding: { score: 5, reason: "…" } } }],
    usage: { by_role: { assistant: { prompt_tokens: 100, completion_tokens: 10 } }, total: { prompt_tokens: 100, completion_tokens: 10 } },
  }));
  writeFileSync(join(dir, "trajectories.jsonl"), accepted.map((record) => JSON.stringify(record)).join("\n") + "\n");
  writeFileSync(join(dir, "rejected.jsonl"), JSON.stringify({ id: "x", task_id: "t-x", messages: [{ role: "user", content: "hi" }], reason: "turn-limit: 12 turns" }) + "\n");
  const task = (id: string, links: Array<[string, string[]]>) => ({ id, task: `task ${id}`, strategy: "sequential", subtasks: links.map(([sub, after]) => ({ id: sub, text: sub, depends_on: after })), functions: [] });
  writeFileSync(
    join(dir, "tasks.jsonl"),
    [task("t-0", [["s1", []], ["s2", ["s1"]], ["s3", ["s2"]]]), task("t-1", [["s1", []], ["s2", []], ["s3", ["s1", "s2"]]])].map((value) => JSON.stringify(value)).join("\n") + "\n",
  );
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ config: { models: { assistant: "gpt-4o" } } }));
  return dir;
}

describe("report data", () => {
  it("reads plans, rejected records, judge scores from any verdict, depth, cost by role and record token lengths", async () => {
    const data = await collectReportData(runDirectory(), { prices: { "gpt-4o": { prompt: 2.5, completion: 10 } }, tokenizer: "o200k_base" });
    expect(data.trajectories.map((trajectory) => trajectory.status)).toEqual(["accepted", "accepted", "accepted", "rejected"]);
    expect(data.trajectories[3]).toMatchObject({ reason_kind: "turn-limit", request: "hi" });
    expect(data.tasks["t-0"]!.subtasks).toHaveLength(3);
    expect(data.depth.histogram).toEqual({ "2": 1, "3": 1 });
    expect(data.scores).toEqual([
      { name: "judge", values: [3, 4, 5] },
      { name: "judge: helpfulness", values: [4, 4, 4] },
      { name: "judge: grounding", values: [5, 5, 5] },
    ]);
    expect(data.costByRole!.assistant).toBeCloseTo((300 * 2.5 + 30 * 10) / 1_000_000);
    expect(data.recordTokens!.lengths.count).toBe(3);
    expect(data.trajectories[0]!.record_tokens).toBeGreaterThan(10);
  });

  it("dependency depth follows the longest chain and survives cycles", () => {
    expect(dependencyDepth([])).toBe(0);
    expect(dependencyDepth([{ id: "a", text: "" }, { id: "b", text: "", depends_on: ["a"] }])).toBe(2);
    expect(dependencyDepth([{ id: "a", text: "", depends_on: ["b"] }, { id: "b", text: "", depends_on: ["a"] }])).toBeGreaterThan(0);
  });

  it("embeds the data so no record text can end the script element", async () => {
    const hostile = "</script><script>alert(1)</script>\u2028<!--";
    const text = jsonForScript({ hostile });
    expect(text).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(text)).toEqual({ hostile });
    const data = await collectReportData(runDirectory(), { title: "</title><script>x</script>" });
    const html = renderReportHtml(data);
    expect(html).toContain("<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>");
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
  });
});
