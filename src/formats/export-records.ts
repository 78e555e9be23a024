import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { once } from "node:events";
import { isUserError, UserError } from "../errors.js";
import { writeDatasetInfo } from "./export/dataset-info.js";
import { parseSplit, partPath, seededShuffle, splitByShare, type SplitPart } from "./export/export-plan.js";
import { encodeParquet } from "./export/parquet-file.js";
import { loadTokenizer, recordTokens } from "./export/record-tokens.js";
import { getFormat } from "./format-registry.js";
import { inputFiles, readRecords } from "./read-records.js";
import { resolveRealPath } from "../util/real-path.js";

export interface ExportOptions {
  /** The input's format, or "auto" (default). */
  inputFormat?: string;
  /** Shuffle the records (by `seed`) before sampling and splitting. */
  shuffle?: boolean;
  /** Seed for `shuffle` (default 0). */
  seed?: number;
  /** Keep at most this many records (the first ones, after shuffling when asked). */
  sample?: number;
  /** Write one file per part, e.g. `train=0.95,val=0.05` → `out.train.jsonl`, `out.val.jsonl`. */
  split?: string | SplitPart[];
  /** Drop records with more tokens than this (counted with `tokenizer`). */
  maxTokensPerRecord?: number;
  /** A js-tiktoken encoding for token counts: o200k_base (default) or cl100k_base. */
  tokenizer?: string;
  /** Count tokens per record even without a limit (for the summary). */
  countTokens?: boolean;
  /** Write LLaMA-Factory's `dataset_info.json` beside a ShareGPT export (default true). */
  datasetInfo?: boolean;
  /** "jsonl" or "parquet"; default from the output's extension (`.parquet` → parquet). */
  fileType?: "jsonl" | "parquet";
}

export interface TokenLengths {
  tokenizer: string;
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p95: number;
}

export interface ExportSummary {
  written: number;
  /** Input lines that could not be read or written, with the reason. */
  skipped: Array<{ file: string; line: number; reason: string }>;
  /** The files written with their record counts (one per split part). */
  files: Array<{ path: string; part?: string; records: number }>;
  /** Records dropped by `maxTokensPerRecord`. */
  tooLong: number;
  /** Token lengths of the records written, when counted. */
  tokenLengths?: TokenLengths;
  /** The `dataset_info.json` written beside a ShareGPT export. */
  datasetInfo?: string;
}

/**
 * Convert every record of `inputPath` (a file, or a directory as `readRecords` reads it) to
 * `format` and write them to `outputPath` as JSONL or Parquet. Unreadable records are skipped and
 * reported with their line, not fatal. Without shuffle, sample, split, a token limit or Parquet
 * the records stream; with any of them they are held in memory (about the size of the output).
 */
export async function exportRecords(inputPath: string, format: string, outputPath: string, options: ExportOptions = {}): Promise<ExportSummary> {
  const target = getFormat(format);
  const write = target.write;
  if (!write) {
    throw new UserError(`format '${format}' can be read but not written; export to button, openai, sharegpt or hermes`, {
      field: "format",
      code: "invalid-config",
    });
  }
  const fileType = options.fileType ?? (outputPath.endsWith(".parquet") ? "parquet" : "jsonl");
  const parts = typeof options.split === "string" ? parseSplit(options.split) : options.split;
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample > 0)) {
    throw new UserError(`--sample must be a whole number above 0, not ${options.sample}`, { field: "sample", code: "invalid-config" });
  }
  const tokenizer = options.maxTokensPerRecord !== undefined || options.countTokens ? await loadTokenizer(options.tokenizer) : undefined;
  // Never write over what is being read (the output, or a split part, named like an input file).
  const inputs = await Promise.all((await inputFiles(inputPath)).map((input) => resolveRealPath(input)));
  for (const path of parts ? parts.map((part) => partPath(outputPath, part.name)) : [outputPath]) {
    if (inputs.includes(await resolveRealPath(path))) {
      throw new UserError(`the output ${path} is also the input; writing it would destroy what is being read. Choose another output path.`, {
        file: path,
        code: "invalid-config",
      });
    }
  }
  await mkdir(dirname(outputPath), { recursive: true });
  const summary: ExportSummary = { written: 0, skipped: [], files: [], tooLong: 0 };
  const buffered = fileType === "parquet" || options.shuffle || options.sample !== undefined || parts !== undefined || tokenizer !== undefined;
  // Written beside the target and renamed over it at the end: a refused or failed export leaves
  // whatever was there before untouched, and never a half-written file.
  const temporary = partialPath(outputPath);
  const out = buffered ? undefined : createWriteStream(temporary, { encoding: "utf8" });
  let complete = false;
  const kept: Array<{ record: Record<string, unknown>; tokens?: number }> = [];
  try {
    for await (const entry of readRecords(inputPath, { format: options.inputFormat })) {
      if (entry.error) {
        summary.skipped.push({ file: entry.file, line: entry.line, reason: entry.error.message });
        continue;
      }
      let record: Record<string, unknown>;
      try {
        record = write(entry.record);
      } catch (error) {
        if (!isUserError(error)) throw error;
        summary.skipped.push({ file: entry.file, line: entry.line, reason: error.message });
        continue;
      }
      if (out) {
        if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, "drain");
        summary.written++;
        continue;
      }
      const tokens = tokenizer ? recordTokens(tokenizer, record) : undefined;
      if (tokens !== undefined && options.maxTokensPerRecord !== undefined && tokens > options.maxTokensPerRecord) {
        summary.tooLong++;
        continue;
      }
      kept.push({ record, tokens });
    }
    complete = true;
  } finally {
    if (out) {
      out.end();
      await once(out, "finish");
      if (complete) await rename(temporary, outputPath);
      else await rm(temporary, { force: true });
    }
  }
  if (out) summary.files.push({ path: outputPath, records: summary.written });
  else {
    let chosen = options.shuffle ? seededShuffle(kept, options.seed ?? 0) : kept;
    if (options.sample !== undefined) chosen = chosen.slice(0, options.sample);
    const groups = parts ? splitByShare(chosen, parts).map(({ part, items }) => ({ path: partPath(outputPath, part.name), part: part.name, items })) : [{ path: outputPath, part: undefined, items: chosen }];
    for (const group of groups) {
      const records = group.items.map((item) => item.record);
      const content = fileType === "parquet" ? new Uint8Array(encodeParquet(records)) : records.map((record) => `${JSON.stringify(record)}\n`).join("");
      await writeFile(partialPath(group.path), content);
      await rename(partialPath(group.path), group.path);
      summary.files.push({ path: group.path, ...(group.part ? { part: group.part } : {}), records: records.length });
      summary.written += records.length;
    }
    if (tokenizer) summary.tokenLengths = tokenLengths(options.tokenizer ?? "o200k_base", chosen.map((item) => item.tokens!));
  }
  if (format === "sharegpt" && options.datasetInfo !== false && summary.files.length > 0) {
    summary.datasetInfo = await writeDatasetInfo(summary.files.map((file) => file.path));
  }
  return summary;
}

function tokenLengths(tokenizer: string, values: number[]): TokenLengths {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length === 0) return { tokenizer, count: 0, min: 0, max: 0, mean: 0, median: 0, p95: 0 };
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { tokenizer, count: sorted.length, min: sorted[0]!, max: sorted.at(-1)!, mean: Math.round(mean * 10) / 10, median: at(0.5), p95: at(0.95) };
}

/** Where a file is written before it is renamed into place. */
function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
}
