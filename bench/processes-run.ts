/**
 * One `--processes` benchmark configuration in a fresh process: the in-process simulator run
 * through `runSimulationInProcesses` with P processes (1: this process alone, today's path).
 * argv[2]: JSON { tasks, outDir, processes, concurrency }. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { simulationFromFlags } from "../src/cli/simulation-setup.js";
import { runSimulationInProcesses } from "../src/run/process-pool/index.js";

const settings = JSON.parse(process.argv[2]!) as { tasks: string; outDir: string; processes: number; concurrency: number };
// The flags `button simulate --processes P` would give; children build from the same ones.
const flags = { model: "sim", seed: 0, maxTurns: 12, maxRetries: 2, parallel: true, protocol: "native" as const, timeoutMs: 120_000 };
const { simulation, graph } = await simulationFromFlags(flags);
const worker = { module: new URL("../src/cli/simulation-setup.ts", import.meta.url).href, export: "simulationFromFlags", settings: flags };

/** User+system CPU of the children this process has waited for (Linux: /proc/self/stat cutime, cstime). */
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ", field 3 is the state; cutime and cstime are fields 16 and 17 (1-based), in 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const cpuBefore = process.cpuUsage();
const childrenBefore = childrenCpuMs();
const start = performance.now();
const summary = await runSimulationInProcesses({
  processes: settings.processes,
  worker,
  tasks: settings.tasks,
  outDir: settings.outDir,
  simulation,
  graph,
  concurrency: settings.concurrency,
});
const wallSeconds = (performance.now() - start) / 1000;
const own = process.cpuUsage(cpuBefore);
const parentCpuMs = (own.user + own.system) / 1000;
const childCpuMs = childrenCpuMs() - childrenBefore;
process.stdout.write(
  `${JSON.stringify({
    done: summary.counts.done,
    accepted: summary.counts.accepted,
    // The run itself, children already started: what the pool sustains.
    runSeconds: summary.elapsedMs / 1000,
    perSecond: summary.counts.done / (summary.elapsedMs / 1000),
    // With start-up (each child loads the library and builds its graph).
    wallSeconds,
    parentCpuMs,
    childCpuMs,
  })}\n`,
);
