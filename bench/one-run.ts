/**
 * One benchmark configuration in a fresh process, so peak RSS belongs to it alone.
 * argv[2]: JSON { tasks, outDir, concurrency, baseUrl? }. Prints one JSON line.
 */
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { runSimulation } from "../src/run/run-simulation.js";

const settings = JSON.parse(process.argv[2]!) as { tasks: string; outDir: string; concurrency: number; baseUrl?: string };
const models = settings.baseUrl
  ? resolveRoleModels({ model: "openai:sim", baseUrl: settings.baseUrl, apiKey: "bench", clientRetries: 0 })
  : resolveRoleModels({ model: "sim" });
const start = performance.now();
const summary = await runSimulation({
  tasks: settings.tasks,
  outDir: settings.outDir,
  simulation: { models },
  concurrency: settings.concurrency,
});
const seconds = (performance.now() - start) / 1000;
// Live heap after a full collection: what the run still holds, independent of V8's lazy heap growth.
(globalThis as { gc?: () => void }).gc?.();
const heapAfterGcMb = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(
  `${JSON.stringify({
    done: summary.counts.done,
    accepted: summary.counts.accepted,
    seconds,
    perSecond: summary.counts.done / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapAfterGcMb,
    tokens: summary.usage.total.total_tokens,
  })}\n`,
);
