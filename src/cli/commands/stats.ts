import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { collectStats } from "../../report/dataset-stats.js";
import { collectReportData } from "../../report/report-data.js";
import { renderReportHtml } from "../../report/report-html.js";
import { formatStatsText } from "../../report/stats-text.js";
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
    .action(async (path: string, options: { html?: string; json?: boolean; prices?: string }) => {
      const stats = await collectStats(path);
      io.out(options.json ? JSON.stringify(stats, null, 2) : formatStatsText(stats));
      if (options.html) {
        const prices = options.prices ? await readPrices(options.prices) : undefined;
        const data = await collectReportData(path, { title: `Report for ${path}`, prices });
        await writeFile(options.html, renderReportHtml(data), "utf8");
        io.err(`wrote ${options.html} (${data.trajectories.length} trajectories)`);
      }
      io.exit(0);
    });
}
