import { Command, Option } from "commander";
import { listFormats } from "../../formats/format-registry.js";
import { formatValidationReport } from "../../verify/validation-report-text.js";
import { validateFile } from "../../verify/validate-file.js";
import { processIO, type CommandIO } from "./command-io.js";

/** `button validate FILE [--format auto|button|openai|sharegpt|hermes|…] [--templates DIR|FILE…]`: exit 1 when any record is invalid. */
export function registerValidateCommand(program: Command, io: CommandIO = processIO): Command {
  return program
    .command("validate")
    .description("check every record of a file (or directory): structure, role order, call/result pairing, arguments, function names, final answer")
    .argument("<file>", "a JSONL or JSON file, or a directory of them")
    .addOption(new Option("--format <format>", "the records' format").choices(["auto", ...listFormats().map((format) => format.name)]).default("auto"))
    .option(
      "--templates <paths...>",
      "also render every record's OpenAI export through chat templates: .jinja files, tokenizer_config.json files (chat_template), or directories of them",
    )
    .option("--json", "print the report as JSON")
    .action(async (file: string, options: { format: string; templates?: string[]; json?: boolean }) => {
      const report = await validateFile(file, { format: options.format, templates: options.templates });
      io.out(options.json ? JSON.stringify(report, null, 2) : formatValidationReport(report));
      io.exit(report.invalid.length > 0 ? 1 : 0);
    });
}
