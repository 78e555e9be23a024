import { join } from "node:path";
import type { Command } from "commander";
import { preferencePairs } from "../../preferences/preference-pairs.js";
import { PREFERENCES_FILE } from "../../preferences/preference-record.js";
import { appendPreferences } from "../../preferences/preference-writer.js";
import { interruptSignals } from "../../run/interrupt-signals.js";
import { formatRunSummary } from "../../run/run-summary-text.js";

/** `button collect --queue redis://HOST:PORT/NAME --out DIR`: write a queued run's directory. */
export function registerCollectCommand(program: Command): Command {
  return program
    .command("collect")
    .description("write the records of a queued run into a run directory (restartable); exits when every task is written")
    .requiredOption("--queue <url>", "redis://HOST:PORT/NAME")
    .requiredOption("--out <dir>", "run directory (trajectories.jsonl, rejected.jsonl, manifest.json)")
    .option("--no-progress", "no progress bar or progress lines")
    .action(async (flags: { queue: string; out: string; progress: boolean }) => {
      const { collectQueue } = await import("../../run/queue/index.js");
      const interrupts = interruptSignals();
      // With a critic, preference pairs go next to the records, as in a single-process run.
      let preferenceWrites = Promise.resolve();
      const preferencesFile = join(flags.out, PREFERENCES_FILE);
      try {
        const summary = await collectQueue({
          queue: flags.queue,
          outDir: flags.out,
          progress: flags.progress ? "auto" : false,
          drain: interrupts.drain,
          onRecord: (record, accepted) => {
            const pairs = accepted ? preferencePairs(record) : [];
            if (pairs.length > 0) preferenceWrites = preferenceWrites.then(() => appendPreferences(preferencesFile, pairs));
          },
        });
        await preferenceWrites;
        process.stdout.write(`${formatRunSummary(summary)}\n`);
        if (summary.redelivered > 0) process.stdout.write(`  ${summary.redelivered} record(s) delivered twice were written once\n`);
      } finally {
        interrupts.dispose();
      }
    });
}
