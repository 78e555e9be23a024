/**
 * A run in its own process, so the end-to-end test can SIGKILL it. Arguments (JSON in argv[2]):
 * { tasks, outDir, baseUrl, resume?, concurrency?, maxTurns? }. Prints one JSON summary line.
 */
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";

const settings = JSON.parse(process.argv[2]!) as {
  tasks: string;
  outDir: string;
  baseUrl: string;
  resume?: boolean;
  concurrency?: number;
  maxTurns?: number;
};

// The timeout only has to end the server's stalls (which hang for minutes); 4 s leaves a loaded machine room for real answers.
const models = resolveRoleModels({ model: "openai:sim", baseUrl: settings.baseUrl, apiKey: "test", clientRetries: 0, timeoutMs: 4_000 });
const summary = await runSimulation({
  tasks: settings.tasks,
  outDir: settings.outDir,
  simulation: { models, maxTurns: settings.maxTurns ?? 6 },
  concurrency: settings.concurrency ?? 8,
  resume: settings.resume,
  retry: { baseDelayMs: 10, maxDelayMs: 200, maxAttempts: 6 },
});
process.stdout.write(`${JSON.stringify({ status: summary.status, counts: summary.counts, warnings: summary.warnings })}\n`);
