import { Command, Option } from "commander";
import { exportRecords } from "../../formats/export-records.js";
import { inputFiles } from "../../formats/read-records.js";
import { guardOutputFile } from "../../run/output-guard.js";
import { listFormats, writableFormatNames } from "../../formats/format-registry.js";
import { processIO, type CommandIO } from "./command-io.js";

/** `button export --in FILE|DIR --format button|openai|sharegpt|hermes --out FILE`. */
export function registerExportCommand(program: Command, io: CommandIO = processIO): Command {
  return program
    .command("export")
    .description("convert records from any supported format to a training format")
    .requiredOption("--in <path>", "a JSONL/JSON file, a run directory (its trajectories.jsonl) or a directory of files")
    .addOption(new Option("--format <format>", "the output format").choices(writableFormatNames()).makeOptionMandatory())
    .requiredOption("--out <file>", "the JSONL file to write")
    .addOption(new Option("--from <format>", "the input format").choices(["auto", ...listFormats().map((format) => format.name)]).default("auto"))
    .option("--overwrite", "replace --out if it exists (default: refuse)")
    .action(async (options: { in: string; format: string; out: string; from: string; overwrite?: boolean }) => {
      await guardOutputFile(options.out, { inputs: [options.in, ...(await inputFiles(options.in))], overwrite: options.overwrite });
      const summary = await exportRecords(options.in, options.format, options.out, { inputFormat: options.from });
      for (const skipped of summary.skipped) io.err(`skipped ${skipped.file}:${skipped.line}: ${skipped.reason}`);
      io.out(`wrote ${summary.written} ${options.format} records to ${options.out}${summary.skipped.length > 0 ? `; skipped ${summary.skipped.length}` : ""}`);
      io.exit(summary.written === 0 && summary.skipped.length > 0 ? 1 : 0);
    });
}
