import { Command, Option } from "commander";
import { TOKENIZER_NAMES } from "../../formats/export/record-tokens.js";
import { exportRecords } from "../../formats/export-records.js";
import { parseSplit, partPath } from "../../formats/export/export-plan.js";
import { inputFiles } from "../../formats/read-records.js";
import { guardOutputFile } from "../../run/output-guard.js";
import { listFormats, writableFormatNames } from "../../formats/format-registry.js";
import { wholeNumber } from "../option-parsers.js";
import { processIO, type CommandIO } from "./command-io.js";

interface ExportFlags {
  in: string;
  format: string;
  out: string;
  from: string;
  split?: string;
  shuffle?: boolean;
  seed: number;
  sample?: number;
  maxTokensPerRecord?: number;
  tokenizer: string;
  tokenLengths?: boolean;
  datasetInfo: boolean;
}

/** `button export --in FILE|DIR --format button|openai|sharegpt|hermes --out FILE`. */
export function registerExportCommand(program: Command, io: CommandIO = processIO): Command {
  return program
    .command("export")
    .description("convert records from any supported format to a training format (JSONL, or Parquet when --out ends in .parquet)")
    .requiredOption("--in <path>", "a JSONL/JSON file, a run directory (its trajectories.jsonl) or a directory of files")
    .addOption(new Option("--format <format>", "the output format").choices(writableFormatNames()).makeOptionMandatory())
    .requiredOption("--out <file>", "the file to write (.jsonl, or .parquet for Parquet)")
    .addOption(new Option("--from <format>", "the input format").choices(["auto", ...listFormats().map((format) => format.name)]).default("auto"))
    .option("--split <parts>", "write one file per part, e.g. train=0.95,val=0.05 → OUT.train.jsonl, OUT.val.jsonl")
    .option("--shuffle", "shuffle the records (by --seed) before --sample and --split")
    .option("--seed <n>", "seed for --shuffle", wholeNumber(0), 0)
    .option("--sample <n>", "keep at most N records", wholeNumber(1))
    .option("--max-tokens-per-record <n>", "drop records with more tokens than N (counted with --tokenizer)", wholeNumber(1))
    .addOption(new Option("--tokenizer <name>", "js-tiktoken encoding for token counts").choices([...TOKENIZER_NAMES]).default("o200k_base"))
    .option("--token-lengths", "count every record's tokens and print their distribution")
    .option("--no-dataset-info", "do not write LLaMA-Factory's dataset_info.json beside a ShareGPT export")
    .option("--overwrite", "replace --out (and its split parts) if they exist (default: refuse)")
    .action(async (options: ExportFlags & { overwrite?: boolean }) => {
      // Refused before anything is written: existing output (unless --overwrite) and any output that is an input.
      const outputs = options.split ? parseSplit(options.split).map((part) => partPath(options.out, part.name)) : [options.out];
      const inputs = [options.in, ...(await inputFiles(options.in))];
      for (const output of outputs) await guardOutputFile(output, { inputs, overwrite: options.overwrite });
      const summary = await exportRecords(options.in, options.format, options.out, {
        inputFormat: options.from,
        split: options.split,
        shuffle: options.shuffle,
        seed: options.seed,
        sample: options.sample,
        maxTokensPerRecord: options.maxTokensPerRecord,
        tokenizer: options.tokenizer,
        countTokens: options.tokenLengths,
        datasetInfo: options.datasetInfo,
      });
      for (const skipped of summary.skipped) io.err(`skipped ${skipped.file}:${skipped.line}: ${skipped.reason}`);
      const notes = [
        ...(summary.skipped.length > 0 ? [`skipped ${summary.skipped.length}`] : []),
        ...(summary.tooLong > 0 ? [`dropped ${summary.tooLong} over ${options.maxTokensPerRecord} tokens`] : []),
      ];
      const where = summary.files.length === 1 ? summary.files[0]!.path : summary.files.map((file) => `${file.path} (${file.records})`).join(", ");
      io.out(`wrote ${summary.written} ${options.format} records to ${where}${notes.length > 0 ? `; ${notes.join("; ")}` : ""}`);
      if (summary.tokenLengths) {
        const lengths = summary.tokenLengths;
        io.out(`tokens per record (${lengths.tokenizer}): min ${lengths.min}  median ${lengths.median}  mean ${lengths.mean}  p95 ${lengths.p95}  max ${lengths.max}`);
      }
      if (summary.datasetInfo) io.out(`LLaMA-Factory entry in ${summary.datasetInfo}`);
      io.exit(summary.written === 0 && summary.skipped.length > 0 ? 1 : 0);
    });
}
