import type { ValidationReport } from "./validate-file.js";

/** The validation report as text: each invalid record's line and reasons, then counts by kind. */
export function formatValidationReport(report: ValidationReport): string {
  const lines: string[] = [];
  const many = report.files.length > 1;
  for (const file of report.files) lines.push(`${file}: format ${report.formats[file] ?? "unknown"}`);
  for (const invalid of report.invalid) {
    const where = many ? `${invalid.file}:${invalid.line}` : `line ${invalid.line}`;
    lines.push(`${where}: invalid`);
    for (const reason of invalid.reasons) lines.push(`  - ${reason.kind}: ${reason.detail}`);
  }
  lines.push(`${report.total} records: ${report.valid} valid, ${report.invalid.length} invalid`);
  appendCounts(lines, "errors by kind (records)", report.errorsByKind);
  appendCounts(lines, "warnings by kind (records; not errors)", report.warningsByKind);
  return lines.join("\n");
}

function appendCounts(lines: string[], title: string, counts: Record<string, number>): void {
  const entries = Object.entries(counts).sort((left, right) => right[1] - left[1]);
  if (entries.length === 0) return;
  lines.push(`${title}:`);
  for (const [kind, count] of entries) lines.push(`  ${kind.padEnd(22)}${count}`);
}
