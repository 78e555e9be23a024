import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { collectStats } from "../../report/dataset-stats.js";
import { inputFiles } from "../../formats/read-records.js";
import { guardOutputFile } from "../../run/output-guard.js";
import { collectReportData } from "../../report/report-data.js";
import { renderReportHtml } from "../../report/report-html.js";
import { formatStatsText } from "../../report/stats-text.js";
import { recordTokenLengths } from "../../report/token-lengths.js";
import { readPrices } from "../simulation-flags.js";
import { processIO, type CommandIO } from "./command-io.js";

/** `button stats FILE|DIR [--html FILE]`. */
export function registerStatsCommand(program: Command, io: CommandIO = processIO): Command {
  return program
    .command("stats")
    .description("counts and distributions of a run directory or a file of trajectories; rejection reasons; token usage")
    .argument("<path>", "a run directory (trajectories.jsonl, rejected.jsonl, tasks.jsonl) or a file or directory of records")
    .option("--html <file>", "also write a self-contained HTML report: charts, a searchable list of trajectories and a viewer")
    .option("--prices <file>", 'JSON price table per million tokens, for cost by role in the report: {"gpt-4o": {"prompt": 2.5, "completion": 10}}')
    .option("--json", "print the statistics as JSON")
    .option("--token-lengths [encoding]", "count each record's tokens (its OpenAI export, js-tiktoken o200k_base or cl100k_base)")
    .option("--overwrite", "replace the --html file if it exists (default: refuse)")
    .action(async (path: string, options: { html?: string; json?: boolean; prices?: string; tokenLengths?: string | boolean; overwrite?: boolean }) => {
      if (options.html) await guardOutputFile(options.html, { inputs: [path, ...(await inputFiles(path))], overwrite: options.overwrite, flag: "--html" });
      const stats = await collectStats(path);
      const tokenizer = options.tokenLengths === true ? "o200k_base" : options.tokenLengths || undefined;
      const lengths = tokenizer ? await recordTokenLengths(path, tokenizer) : undefined;
      if (options.json) io.out(JSON.stringify(lengths ? { ...stats, recordTokens: { tokenizer: lengths.tokenizer, lengths: lengths.lengths } } : stats, null, 2));
      else {
        io.out(formatStatsText(stats));
        if (lengths) {
          const value = lengths.lengths;
          io.out(`tokens per record (${lengths.tokenizer}): min ${value.min}  median ${value.median}  mean ${value.mean}  max ${value.max}  n ${value.count}`);
        }
      }
      if (options.html) {
        const prices = options.prices ? await readPrices(options.prices) : undefined;
        const data = await collectReportData(path, { title: `Report for ${path}`, prices, tokenizer });
        await writeFile(options.html, renderReportHtml(data), "utf8");
        io.err(`wrote ${options.html} (${data.trajectories.length} trajectories)`);
      }
      io.exit(0);
    });
}
