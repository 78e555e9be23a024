import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { isUserError, UserError } from "../errors.js";
import { getFormat } from "./format-registry.js";
import { readRecords } from "./read-records.js";

export interface ExportOptions {
  /** The input's format, or "auto" (default). */
  inputFormat?: string;
}

export interface ExportSummary {
  written: number;
  /** Input lines that could not be read or written, with the reason. */
  skipped: Array<{ file: string; line: number; reason: string }>;
}

/**
 * Convert every record of `inputPath` (a file, or a directory as `readRecords` reads it) to
 * `format` and write them as JSONL to `outputPath`. Unreadable records are skipped and reported
 * with their line, not fatal.
 */
export async function exportRecords(inputPath: string, format: string, outputPath: string, options: ExportOptions = {}): Promise<ExportSummary> {
  const target = getFormat(format);
  if (!target.write) {
    throw new UserError(`format '${format}' can be read but not written; export to button, openai, sharegpt or hermes`, {
      field: "format",
      code: "invalid-config",
    });
  }
  await mkdir(dirname(outputPath), { recursive: true });
  const out = createWriteStream(outputPath, { encoding: "utf8" });
  const summary: ExportSummary = { written: 0, skipped: [] };
  try {
    for await (const entry of readRecords(inputPath, { format: options.inputFormat })) {
      if (entry.error) {
        summary.skipped.push({ file: entry.file, line: entry.line, reason: entry.error.message });
        continue;
      }
      let line: string;
      try {
        line = JSON.stringify(target.write(entry.record));
      } catch (error) {
        if (!isUserError(error)) throw error;
        summary.skipped.push({ file: entry.file, line: entry.line, reason: error.message });
        continue;
      }
      if (!out.write(`${line}\n`)) await once(out, "drain");
      summary.written++;
    }
  } finally {
    out.end();
    await once(out, "finish");
  }
  return summary;
}
