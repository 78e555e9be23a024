import type { ReportData } from "./report-data.js";
import { REPORT_SCRIPT } from "./report-script.js";
import { REPORT_STYLE } from "./report-style.js";

/**
 * The report as one self-contained HTML file: no network, styles and code inline, the data as
 * JSON in a `<script type="application/json">`. The JSON is escaped so no record text can close
 * that tag or open another (`<`, `>`, `&`, U+2028 and U+2029 become \u escapes); the page's code
 * puts record text in with textContent only, so HTML in a record shows as text.
 */
export function renderReportHtml(data: ReportData): string {
  const stats = data.stats;
  const summary: Array<[string, string]> = [
    ["trajectories", String(stats.trajectories)],
    ["rejected", String(stats.rejected)],
    ["unreadable lines", String(stats.unreadable)],
    ["tasks", String(Object.keys(data.tasks).length)],
    ["tokens", String(stats.tokenUsage.total.prompt_tokens + stats.tokenUsage.total.completion_tokens)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}</title>
<style>${REPORT_STYLE}</style></head><body>
<header><h1>${escapeHtml(data.title)}</h1>
<ul class="summary">${summary.map(([label, value]) => `<li><b>${escapeHtml(value)}</b> ${escapeHtml(label)}</li>`).join("")}</ul></header>
<main>
<h2>Distributions</h2>
<div id="charts" class="charts"></div>
<h2>Trajectories</h2>
<div class="browser">
<div><div class="filters">
<input id="search" type="search" placeholder="Search text, function, id, strategy, reason…" aria-label="search">
<select id="filter-status" aria-label="status"></select><select id="filter-strategy" aria-label="strategy"></select>
<select id="filter-verdict" aria-label="verdict"></select><select id="filter-function" aria-label="function"></select>
</div><p id="count" class="count"></p><div id="list" class="list" role="list"></div></div>
<div id="viewer" class="viewer"><p class="empty">Choose a trajectory on the left to read it.</p></div>
</div>
<noscript><p>The charts and the trajectory viewer need JavaScript; the counts above do not.</p></noscript>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}

/** JSON that is safe inside a script element: nothing in it can end the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}
