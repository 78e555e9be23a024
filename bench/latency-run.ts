/**
 * One latency-bound configuration in a fresh process: C trajectories in flight through
 * sim-server (its own process, a fixed latency per call), measured in this client process.
 * argv[2]: JSON { tasks, outDir, concurrency, baseUrl, mode: "runner" | "baseline" }.
 * Prints one JSON line: throughput (over the whole run, and in the steady state — see below),
 * model calls (all, and on each trajectory's critical path), client CPU per call and per
 * trajectory, peak RSS.
 *
 * A finite run starts with C tasks at once and ends with slots going idle as the input runs out,
 * so its whole-run throughput understates what C in flight sustain. The steady state is the span
 * between the C-th and the (N − C)-th completion: every completion in it is replaced at once by a
 * new task, so exactly C are in flight throughout, and the first wave's synchronised finish is
 * left out.
 *
 * The baseline is the naive way to drive the same agents, as LangGraph's chatbot-simulation
 * tutorial does: one compiled graph, `graph.batch` over every task at once, no streaming of
 * records, no retries, no checks.
 */
import { readFileSync } from "node:fs";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { trajectoryGraph } from "../src/graphs/trajectory-graph-builder.js";
import { toTrajectoryRecord } from "../src/graphs/trajectory/trajectory-record.js";
import { resolveSimulationOptions } from "../src/graphs/trajectory/simulation-options.js";
import type { TrajectoryStateValue } from "../src/graphs/trajectory/trajectory-state.js";
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { runSimulation } from "../src/run/run-simulation.js";
import { parseTask } from "../src/schema/task.js";
import type { TrajectoryRecord } from "../src/schema/trajectory.js";

const settings = JSON.parse(process.argv[2]!) as { tasks: string; outDir: string; concurrency: number; baseUrl: string; mode: "runner" | "baseline" };
const models = resolveRoleModels({ model: "openai:sim", baseUrl: settings.baseUrl, apiKey: "bench", clientRetries: 0, timeoutMs: 600_000 });
const records: TrajectoryRecord[] = [];
/** When each trajectory finished, in ms since the start. */
const completions: number[] = [];
const cpuBefore = process.cpuUsage();
const start = performance.now();
if (settings.mode === "runner") {
  await runSimulation({
    tasks: settings.tasks,
    outDir: settings.outDir,
    simulation: { models },
    concurrency: settings.concurrency,
    onRecord: (record) => {
      completions.push(performance.now() - start);
      records.push(record);
    },
  });
} else {
  const tasks = readFileSync(settings.tasks, "utf8").split("\n").filter(Boolean).map((line) => parseTask(JSON.parse(line)));
  const resolved = resolveSimulationOptions({ models });
  const graph = trajectoryGraph().compile(resolved);
  // A root run's end is one trajectory finished (batch itself reports nothing until all are done).
  const finished = BaseCallbackHandler.fromMethods({
    handleChainEnd(_outputs, _runId, parentRunId) {
      if (parentRunId === undefined) completions.push(performance.now() - start);
    },
  });
  const states = (await graph.batch(
    tasks.map((task) => ({ task })),
    { recursionLimit: 50, maxConcurrency: settings.concurrency, callbacks: [finished] },
  )) as TrajectoryStateValue[];
  for (const state of states) records.push(toTrajectoryRecord(state, resolved));
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
let calls = 0;
let criticalPath = 0;
for (const record of records) {
  for (const message of record.messages) {
    if (message.role === "system") continue;
    calls++; // every user, assistant and tool message is one model call (the tool agent plays each call)
    if (message.role !== "tool") criticalPath++;
    // The calls of one turn run concurrently: one round of tool calls adds one step to the critical path.
    if (message.role === "assistant" && message.tool_calls?.length) criticalPath++;
  }
}
completions.sort((left, right) => left - right);
const first = completions[settings.concurrency - 1];
const last = completions[completions.length - settings.concurrency - 1];
const steadyPerSecond =
  first !== undefined && last !== undefined && last > first ? (completions.length - 2 * settings.concurrency) / ((last - first) / 1000) : undefined;
process.stdout.write(
  `${JSON.stringify({
    done: records.length,
    steadyPerSecond,
    accepted: records.filter((record) => record.reason === undefined).length,
    seconds,
    perSecond: records.length / seconds,
    calls,
    criticalPathPerTrajectory: criticalPath / Math.max(1, records.length),
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, calls),
    cpuMsPerTrajectory: (cpu.user + cpu.system) / 1000 / Math.max(1, records.length),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
