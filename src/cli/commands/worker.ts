import type { Command } from "commander";
import { interruptSignals } from "../../run/interrupt-signals.js";
import { formatRunSummary } from "../../run/run-summary-text.js";
import { queueSimulationFromFlags } from "../queue-flags.js";
import { addSimulationFlags, type SimulationFlags } from "../simulation-flags.js";
import { wholeNumber } from "../option-parsers.js";

/** `button worker --queue redis://HOST:PORT/NAME`: simulate tasks from a shared queue until none is left. */
export function registerWorkerCommand(program: Command): Command {
  const command = program
    .command("worker")
    .description("take tasks from a queue filled by `button enqueue`, simulate them as `simulate` would, and hand the records back (any number, any machine)")
    .requiredOption("--queue <url>", "redis://HOST:PORT/NAME")
    .option("--lock-ms <ms>", "job lock; a dead worker's tasks return to the queue within about twice this", wholeNumber(1000), 30_000)
    .option("--max-stalled <n>", "times a task may be taken back from dead workers before it is failed", wholeNumber(1), 3);
  return addSimulationFlags(command).action(async (flags: SimulationFlags & { queue: string; lockMs: number; maxStalled: number }) => {
    const built = await queueSimulationFromFlags(flags);
    const { runQueueWorker } = await import("../../run/queue/index.js");
    const interrupts = interruptSignals();
    try {
      const summary = await runQueueWorker({
        queue: flags.queue,
        simulation: built.simulation,
        graph: built.graph,
        verify: built.verify,
        concurrency: flags.concurrency,
        lockDurationMs: flags.lockMs,
        maxStalledCount: flags.maxStalled,
        retry: { maxAttempts: flags.maxAttempts },
        rateLimits: built.rateLimits,
        prices: built.prices,
        budgets: { max_tokens: flags.maxTokens, max_cost: flags.maxCost, target: flags.target },
        progress: flags.progress ? "auto" : false,
        drain: interrupts.drain,
        signal: interrupts.signal,
      });
      process.stdout.write(`${formatRunSummary({ ...summary, outDir: summary.queue })}\n`);
      if (summary.sharedStopReason) process.stdout.write(`  the run stopped for every worker: ${summary.sharedStopReason}\n`);
      if (summary.status === "failed") process.exitCode = 1;
    } finally {
      interrupts.dispose();
    }
  });
}
