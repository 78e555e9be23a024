import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { collectStats } from "../../report/dataset-stats.js";
import { inputFiles } from "../../formats/read-records.js";
import { guardOutputFile } from "../../run/output-guard.js";
import { renderStatsHtml } from "../../report/stats-html.js";
import { formatStatsText } from "../../report/stats-text.js";
import { processIO, type CommandIO } from "./command-io.js";

/** `button stats FILE|DIR [--html FILE]`. */
export function registerStatsCommand(program: Command, io: CommandIO = processIO): Command {
  return program
    .command("stats")
    .description("counts and distributions of a run directory or a file of trajectories; rejection reasons; token usage")
    .argument("<path>", "a run directory (trajectories.jsonl, rejected.jsonl, tasks.jsonl) or a file or directory of records")
    .option("--html <file>", "also write a self-contained HTML report")
    .option("--json", "print the statistics as JSON")
    .option("--overwrite", "replace the --html file if it exists (default: refuse)")
    .action(async (path: string, options: { html?: string; json?: boolean; overwrite?: boolean }) => {
      if (options.html) await guardOutputFile(options.html, { inputs: [path, ...(await inputFiles(path))], overwrite: options.overwrite, flag: "--html" });
      const stats = await collectStats(path);
      io.out(options.json ? JSON.stringify(stats, null, 2) : formatStatsText(stats));
      if (options.html) {
        await writeFile(options.html, renderStatsHtml(stats, `Statistics for ${path}`), "utf8");
        io.err(`wrote ${options.html}`);
      }
      io.exit(0);
    });
}
