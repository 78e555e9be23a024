import type { Command } from "commander";
import { queueSimulationFromFlags } from "../queue-flags.js";
import { addSimulationFlags, type SimulationFlags } from "../simulation-flags.js";
import { wholeNumber } from "../option-parsers.js";

/** `button enqueue --tasks FILE --queue redis://HOST:PORT/NAME`: put a run's tasks on a shared queue. */
export function registerEnqueueCommand(program: Command): Command {
  const command = program
    .command("enqueue")
    .description("put every task on a Redis queue once, with the run config, for `button worker` processes on any machine (see docs/scale-out.md)")
    .requiredOption("--tasks <file>", "task records, one JSON object a line")
    .requiredOption("--queue <url>", "redis://HOST:PORT/NAME (NAME names the run on that Redis)")
    .option("--limit <n>", "enqueue at most this many input tasks", wholeNumber(1));
  return addSimulationFlags(command).action(async (flags: SimulationFlags & { tasks: string; queue: string }) => {
    const built = await queueSimulationFromFlags(flags);
    // Loaded here so that commands without a queue never load BullMQ.
    const { enqueueTasks } = await import("../../run/queue/index.js");
    const summary = await enqueueTasks({
      tasks: flags.tasks,
      queue: flags.queue,
      limit: flags.limit,
      run: {
        config: built.config,
        config_hash: built.configHash,
        flags: enqueuedFlags(flags),
        role_models: built.roleModels,
        prices: built.prices,
        budgets: { max_tokens: flags.maxTokens, max_cost: flags.maxCost, target: flags.target },
        rate_limits: built.rateLimits,
      },
    });
    process.stdout.write(
      `Enqueued ${summary.added} task(s) on ${summary.queue} (config hash ${summary.configHash}): ${summary.read} read` +
        (summary.alreadyQueued ? `, ${summary.alreadyQueued} already on the queue` : "") +
        (summary.duplicates ? `, ${summary.duplicates} duplicate ids skipped` : "") +
        `; ${summary.total} job(s) on the queue.\n` +
        `  start workers: button worker --queue ${summary.queue} <the same flags>\n` +
        `  collect:       button collect --queue ${summary.queue} --out DIR\n`,
    );
  });
}

/** The flags worth keeping with the run (no secrets: keys come from the environment). */
function enqueuedFlags(flags: SimulationFlags & { tasks: string }): Record<string, unknown> {
  const { progress: _progress, resume: _resume, force: _force, concurrency: _concurrency, ...kept } = flags;
  return JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
}
