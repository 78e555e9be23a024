/**
 * CPU per model call and per trajectory of one `runSimulation` in a fresh process, in-process
 * (sim model) or through sim-server (ChatOpenAI over HTTP): the figure to watch when cutting
 * per-call work. CPU time is the process's user+system time from after module loading to the
 * end of the run, so it is less sensitive to other processes than wall time.
 * argv[2]: JSON { tasks, outDir, concurrency, baseUrl? }. Prints one JSON line.
 * Profile it with `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/cpu-run.ts '{…}'`
 * and summarise with bench/profile-summary.ts.
 */
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { runSimulation } from "../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../src/schema/trajectory.js";

const settings = JSON.parse(process.argv[2]!) as { tasks: string; outDir: string; concurrency: number; baseUrl?: string };
const models = settings.baseUrl
  ? resolveRoleModels({ model: "openai:sim", baseUrl: settings.baseUrl, apiKey: "bench", clientRetries: 0 })
  : resolveRoleModels({ model: "sim" });
let calls = 0;
let records = 0;
const count = (record: TrajectoryRecord) => {
  records++;
  // Every user, assistant and tool message is one model call (the tool agent plays each call).
  for (const message of record.messages) if (message.role !== "system") calls++;
};
const cpuBefore = process.cpuUsage();
const start = performance.now();
const summary = await runSimulation({
  tasks: settings.tasks,
  outDir: settings.outDir,
  simulation: { models },
  concurrency: settings.concurrency,
  onRecord: count,
});
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({
    done: summary.counts.done,
    accepted: summary.counts.accepted,
    seconds: (performance.now() - start) / 1000,
    calls,
    cpuMs,
    cpuMsPerCall: cpuMs / Math.max(1, calls),
    cpuMsPerTrajectory: cpuMs / Math.max(1, records),
  })}\n`,
);
