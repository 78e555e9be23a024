import type { RunSummary } from "./run-options.js";

/** The end-of-run summary as a few readable lines (what the CLI prints). */
export function formatRunSummary(summary: RunSummary): string {
  const { counts, usage } = summary;
  const lines = [
    `Run ${summary.status} (${summary.stopReason}) in ${(summary.elapsedMs / 1000).toFixed(1)} s — ${summary.outDir}`,
    `  tasks: ${counts.done} done, ${counts.accepted} accepted, ${counts.rejected} rejected` +
      (counts.invalid ? ` (${counts.invalid} invalid input)` : "") +
      (counts.resumed_skips ? `, ${counts.resumed_skips} already done` : "") +
      (counts.duplicates ? `, ${counts.duplicates} duplicate ids skipped` : "") +
      (counts.failed ? `, ${counts.failed} failed (resume to retry)` : ""),
  ];
  const reasons = Object.entries(counts.rejected_by_reason).sort(([, a], [, b]) => b - a);
  if (reasons.length > 0) lines.push(`  rejected by reason: ${reasons.map(([reason, count]) => `${reason} ${count}`).join("; ")}`);
  const retries = Object.entries(summary.retries).sort(([, a], [, b]) => b - a);
  if (retries.length > 0) lines.push(`  transport retries: ${retries.map(([reason, count]) => `${reason} ${count}`).join("; ")}`);
  lines.push(`  speed: ${summary.recordsPerSecond.toFixed(2)} records/s this session`);
  lines.push(
    `  tokens: ${usage.total.prompt_tokens} prompt + ${usage.total.completion_tokens} completion = ${usage.total.total_tokens}` +
      (usage.cost !== null ? `, cost ${usage.cost.toFixed(4)}` : ""),
  );
  const roles = Object.entries(usage.by_role).map(([role, count]) => `${role} ${count.prompt_tokens}/${count.completion_tokens}`);
  if (roles.length > 0) lines.push(`  by role (prompt/completion): ${roles.join(", ")}`);
  if (usage.per_accepted) {
    lines.push(
      `  per accepted trajectory: ${Math.round(usage.per_accepted.tokens)} tokens` +
        (usage.per_accepted.cost !== null ? `, cost ${usage.per_accepted.cost.toFixed(5)}` : ""),
    );
  }
  for (const warning of summary.warnings.slice(0, 5)) lines.push(`  warning: ${warning}`);
  if (summary.warnings.length > 5) lines.push(`  … ${summary.warnings.length - 5} more warnings in manifest.json`);
  if (summary.error) lines.push(`  error: ${summary.error}`);
  return lines.join("\n");
}
