import { readRecords } from "../formats/read-records.js";
import type { Verdict } from "../schema/trajectory.js";
import { loadChatTemplates, renderCheckRecord, type LoadedTemplate } from "./chat-template-profiles.js";
import { loadTemplateSources } from "./template-sources.js";
import { loadTokenizer } from "../formats/export/record-tokens.js";
import { createTrajectoryVerifier, type VerifierOptions } from "./verify-trajectory.js";

export interface InvalidRecord {
  file: string;
  line: number;
  /** Each reason's kind is a check name, or "unreadable" for lines that could not be read. */
  reasons: Array<{ kind: string; detail: string }>;
}

export interface ValidationReport {
  files: string[];
  /** The format of each file, as given or detected. */
  formats: Record<string, string>;
  total: number;
  valid: number;
  invalid: InvalidRecord[];
  /** Rejecting problems by kind: how many records had at least one of each. */
  errorsByKind: Record<string, number>;
  /** Warnings by kind (they do not make a record invalid). */
  warningsByKind: Record<string, number>;
  /** Per chat template: records that rendered (some only with parallel calls split) and that failed. */
  templates?: TemplateSummary[];
}

export interface TemplateSummary {
  name: string;
  file: string;
  rendered: number;
  /** Of `rendered`: records that rendered only with one call per assistant message. */
  splitCalls: number;
  /** Of `rendered`: records that rendered only with call arguments passed as JSON text. */
  argumentsAsText: number;
  failed: number;
  /** The first failure's reason, to show what to fix. */
  firstProblem?: string;
  /**
   * Tokens of the rendered text per record (o200k_base from js-tiktoken: the same yardstick for
   * every template, not each model's own tokenizer).
   */
  tokens: { mean: number; max: number };
}

export interface ValidateOptions extends VerifierOptions {
  /** "auto" (default) or a format name. */
  format?: string;
  /**
   * A chat-templates directory (laid out like `datasets/chat-templates`): also render each
   * record's OpenAI export through the CHAT_TEMPLATE_PROFILES templates; a failure is an error of
   * kind `render:<profile>`.
   */
  templatesDir?: string;
  /**
   * Chat templates to render through: `.jinja` files, `tokenizer_config.json` files or
   * directories of them (every template found). A failure is an error of kind `render:<name>`.
   */
  templates?: readonly string[];
}

/**
 * Read every record of a file (or directory) and run the trajectory checks on it. Duplicate
 * detection is on, with exact duplicates rejected and near-duplicates warned, as in a run.
 */
export async function validateFile(path: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const verifier = createTrajectoryVerifier(options);
  const templates: LoadedTemplate[] = [
    ...(options.templatesDir ? await loadChatTemplates(options.templatesDir) : []),
    ...(options.templates && options.templates.length > 0 ? await loadTemplateSources(options.templates) : []),
  ];
  const report: ValidationReport = { files: [], formats: {}, total: 0, valid: 0, invalid: [], errorsByKind: {}, warningsByKind: {} };
  const summaries = templates.map(
    ({ profile }): TemplateSummary => ({ name: profile.name, file: profile.file, rendered: 0, splitCalls: 0, argumentsAsText: 0, failed: 0, tokens: { mean: 0, max: 0 } }),
  );
  if (templates.length > 0) report.templates = summaries;
  const tokenizer = templates.length > 0 ? await loadTokenizer() : undefined;
  for await (const entry of readRecords(path, { format: options.format })) {
    if (!report.files.includes(entry.file)) report.files.push(entry.file);
    if (entry.format) report.formats[entry.file] ??= entry.format;
    report.total++;
    if (entry.error) {
      const kind = entry.error.field ? "structure" : "unreadable";
      report.invalid.push({ file: entry.file, line: entry.line, reasons: [{ kind, detail: stripLocation(entry.error.message) }] });
      count(report.errorsByKind, [kind]);
      continue;
    }
    const verification = verifier.verify(entry.record);
    count(report.warningsByKind, kinds(verification.warnings));
    const reasons = verification.rejections.map((verdict) => ({ kind: verdict.check, detail: verdict.detail ?? "failed" }));
    renderCheckRecord(entry.record, templates).forEach((rendered, index) => {
      const summary = summaries[index]!;
      if (rendered.ok) {
        summary.rendered++;
        if (rendered.splitCalls) summary.splitCalls++;
        if (rendered.argumentsAsText) summary.argumentsAsText++;
        const tokens = tokenizer!.encode(rendered.text ?? "", [], []).length;
        summary.tokens.max = Math.max(summary.tokens.max, tokens);
        summary.tokens.mean += tokens;
      } else {
        summary.failed++;
        summary.firstProblem ??= `line ${entry.line}: ${rendered.problems[0]}`;
      }
      for (const problem of rendered.problems) reasons.push({ kind: `render:${rendered.profile}`, detail: problem });
    });
    if (reasons.length === 0) {
      report.valid++;
      continue;
    }
    report.invalid.push({ file: entry.file, line: entry.line, reasons });
    count(report.errorsByKind, [...new Set(reasons.map((reason) => reason.kind))]);
  }
  for (const summary of summaries) summary.tokens.mean = summary.rendered > 0 ? Math.round(summary.tokens.mean / summary.rendered) : 0;
  return report;
}

function kinds(verdicts: Verdict[]): string[] {
  return [...new Set(verdicts.map((verdict) => verdict.check))];
}

function count(tally: Record<string, number>, keys: string[]): void {
  for (const key of keys) tally[key] = (tally[key] ?? 0) + 1;
}

/** UserError messages start with "file:line"; the report prints those separately. */
function stripLocation(message: string): string {
  return message.replace(/^[^:]*:line \d+(?: \(field '[^']*'\))?: /, (prefix) => {
    const field = /\(field '([^']*)'\)/.exec(prefix);
    return field ? `field '${field[1]}': ` : "";
  });
}
