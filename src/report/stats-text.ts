import type { DatasetStats } from "./dataset-stats.js";
import type { Distribution } from "./distribution.js";

/** The statistics as plain text for a terminal. */
export function formatStatsText(stats: DatasetStats): string {
  const lines: string[] = [];
  lines.push(`trajectories: ${stats.trajectories}   rejected: ${stats.rejected}   unreadable lines: ${stats.unreadable}`);
  const formats = Object.entries(stats.formats).map(([name, count]) => `${name} ${count}`);
  if (formats.length > 0) lines.push(`formats: ${formats.join(", ")}`);
  lines.push("");
  for (const [label, value] of distributionRows(stats)) lines.push(`${label.padEnd(26)}${describe(value)}`);
  section(lines, "strategies", stats.strategies);
  section(lines, "negative variants (trajectories)", stats.variants?.trajectories ?? {});
  section(lines, "negative variants (tasks)", stats.variants?.tasks ?? {});
  section(lines, "rejection reasons", stats.rejectionReasons);
  section(lines, "failed verdicts on trajectories", stats.failedVerdicts);
  if (stats.tokenUsage.records > 0) {
    lines.push("", `token usage (${stats.tokenUsage.records} records with usage)`);
    for (const [role, count] of Object.entries(stats.tokenUsage.byRole)) {
      lines.push(`  ${role.padEnd(24)}prompt ${count.prompt_tokens}   completion ${count.completion_tokens}`);
    }
    lines.push(`  ${"total".padEnd(24)}prompt ${stats.tokenUsage.total.prompt_tokens}   completion ${stats.tokenUsage.total.completion_tokens}`);
  }
  return lines.join("\n");
}

export function distributionRows(stats: DatasetStats): Array<[string, Distribution]> {
  return [
    ["turns per trajectory", stats.turns],
    ["calls per trajectory", stats.callsPerTrajectory],
    ["calls per calling turn", stats.callsPerTurn],
    ["parallel turns per traj.", stats.parallelTurns],
    ["functions per task", stats.functionsPerTask],
  ];
}

function describe(value: Distribution): string {
  if (value.count === 0) return "none";
  const histogram = Object.entries(value.histogram)
    .map(([bucket, count]) => `${bucket}:${count}`)
    .join(" ");
  return `min ${value.min}  median ${value.median}  mean ${value.mean}  max ${value.max}   [${histogram}]`;
}

function section(lines: string[], title: string, counts: Record<string, number>): void {
  const entries = Object.entries(counts).sort((left, right) => right[1] - left[1]);
  if (entries.length === 0) return;
  lines.push("", title);
  for (const [name, count] of entries) lines.push(`  ${name.padEnd(40)}${count}`);
}
