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
  if (report.templates) {
    const clean = report.templates.filter((template) => template.failed === 0).length;
    lines.push(`chat templates: ${clean} of ${report.templates.length} render every readable record (tokens: o200k_base count of the rendered text)`);
    for (const template of report.templates) {
      const notes = [
        ...(template.splitCalls > 0 ? [`${template.splitCalls} with parallel calls split`] : []),
        ...(template.argumentsAsText > 0 ? [`${template.argumentsAsText} with arguments as text`] : []),
      ];
      const split = notes.length > 0 ? ` (${notes.join(", ")})` : "";
      const tokens = template.rendered > 0 ? `; tokens mean ${template.tokens.mean}, max ${template.tokens.max}` : "";
      lines.push(`  ${template.name.padEnd(44)}${String(template.rendered).padStart(5)} rendered${split}, ${template.failed} failed${tokens}`);
      if (template.firstProblem) lines.push(`      first failure: ${template.firstProblem}`);
    }
  }
  return lines.join("\n");
}

function appendCounts(lines: string[], title: string, counts: Record<string, number>): void {
  const entries = Object.entries(counts).sort((left, right) => right[1] - left[1]);
  if (entries.length === 0) return;
  lines.push(`${title}:`);
  for (const [kind, count] of entries) lines.push(`  ${kind.padEnd(22)}${count}`);
}
