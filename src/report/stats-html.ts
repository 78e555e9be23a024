import type { DatasetStats } from "./dataset-stats.js";
import type { Distribution } from "./distribution.js";
import { distributionRows } from "./stats-text.js";

/** A self-contained HTML page (no scripts, no external files) with the statistics and bar charts. */
export function renderStatsHtml(stats: DatasetStats, title = "Dataset statistics"): string {
  const parts: string[] = [];
  parts.push(`<h1>${escape(title)}</h1>`);
  parts.push(
    table(["", "count"], [
      ["trajectories", String(stats.trajectories)],
      ["rejected", String(stats.rejected)],
      ["unreadable lines", String(stats.unreadable)],
      ...Object.entries(stats.formats).map(([name, count]): [string, string] => [`format: ${name}`, String(count)]),
    ]),
  );
  for (const [label, value] of distributionRows(stats)) parts.push(`<h2>${escape(label)}</h2>${distributionHtml(value)}`);
  for (const [label, counts] of [
    ["strategies", stats.strategies],
    ["negative variants (trajectories)", stats.variants?.trajectories ?? {}],
    ["negative variants (tasks)", stats.variants?.tasks ?? {}],
    ["rejection reasons", stats.rejectionReasons],
    ["failed verdicts on trajectories", stats.failedVerdicts],
  ] as const) {
    if (Object.keys(counts).length > 0) parts.push(`<h2>${escape(label)}</h2>${bars(Object.entries(counts).sort((left, right) => right[1] - left[1]))}`);
  }
  if (stats.tokenUsage.records > 0) {
    parts.push("<h2>token usage</h2>");
    parts.push(
      table(
        ["role", "prompt tokens", "completion tokens"],
        [
          ...Object.entries(stats.tokenUsage.byRole).map(([role, count]): string[] => [role, String(count.prompt_tokens), String(count.completion_tokens)]),
          ["total", String(stats.tokenUsage.total.prompt_tokens), String(stats.tokenUsage.total.completion_tokens)],
        ],
      ),
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}
.bar{display:flex;align-items:center;gap:.5rem;margin:.1rem 0}.bar span:first-child{width:16rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar i{display:inline-block;height:.9rem;background:#4a7fb5}
</style></head><body>
${parts.join("\n")}
</body></html>
`;
}

function distributionHtml(value: Distribution): string {
  if (value.count === 0) return "<p>none</p>";
  const summary = `<p>min ${value.min} · median ${value.median} · mean ${value.mean} · max ${value.max} · n ${value.count}</p>`;
  return summary + bars(Object.entries(value.histogram));
}

function bars(entries: Array<[string, number]>): string {
  const top = Math.max(1, ...entries.map(([, count]) => count));
  return entries
    .map(([label, count]) => `<div class="bar"><span>${escape(label)}</span><i style="width:${Math.round((count / top) * 300)}px"></i><span>${count}</span></div>`)
    .join("\n");
}

function table(header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((cell) => `<th>${escape(cell)}</th>`).join("")}</tr>`;
  return `<table>${head}${rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join("")}</tr>`).join("")}</table>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}
