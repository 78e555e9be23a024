import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { once } from "node:events";
import { isUserError, UserError } from "../errors.js";
import { getFormat } from "./format-registry.js";
import { inputFiles, readRecords } from "./read-records.js";
import { resolveRealPath } from "../util/real-path.js";

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
  const inputs = await inputFiles(inputPath);
  const targetPath = await resolveRealPath(outputPath);
  for (const input of inputs) {
    if ((await resolveRealPath(input)) === targetPath) {
      throw new UserError(`the output ${outputPath} is also the input; writing it would destroy what is being read. Choose another output path.`, {
        file: outputPath,
        code: "invalid-config",
      });
    }
  }
  await mkdir(dirname(outputPath), { recursive: true });
  // Written beside the target and renamed over it at the end: a refused or failed export leaves
  // whatever was there before untouched, and never a half-written file.
  const temporary = join(dirname(outputPath), `.${basename(outputPath)}.${process.pid}.partial`);
  const out = createWriteStream(temporary, { encoding: "utf8" });
  const summary: ExportSummary = { written: 0, skipped: [] };
  let complete = false;
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
    complete = true;
  } finally {
    out.end();
    await once(out, "finish");
    if (complete) await rename(temporary, outputPath);
    else await rm(temporary, { force: true });
  }
  return summary;
}
