/**
 * The `--processes` measurement: the same in-process simulator workload with 1 process and with
 * 2, trajectories per second and CPU, each configuration in a fresh process.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const loader = new URL("../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const script = fileURLToPath(new URL("./processes-run.ts", import.meta.url));

export interface ProcessesResult {
  processes: number;
  done: number;
  accepted: number;
  runSeconds: number;
  perSecond: number;
  wallSeconds: number;
  parentCpuMs: number;
  childCpuMs: number;
  loadBefore: number[];
  loadAfter: number[];
}

function runOne(settings: { tasks: string; outDir: string; processes: number; concurrency: number }): Promise<Omit<ProcessesResult, "processes" | "loadBefore" | "loadAfter">> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", loader, script, JSON.stringify(settings)], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split("\n").pop()!)) : reject(new Error(`processes-run exited with ${code}`))));
  });
}

/** Run `tasks` with 1 and with 2 processes at `concurrency` in flight; `dir` holds the scratch run directories. */
export async function measureProcesses(tasks: string, dir: string, concurrency = 32, counts: number[] = [1, 2]): Promise<ProcessesResult[]> {
  const results: ProcessesResult[] = [];
  for (const processes of counts) {
    const outDir = join(dir, `processes-${processes}`);
    const loadBefore = loadavg();
    const result = await runOne({ tasks, outDir, processes, concurrency });
    results.push({ processes, ...result, loadBefore, loadAfter: loadavg() });
    rmSync(outDir, { recursive: true, force: true });
  }
  return results;
}

/** RESULTS.md rows: trajectories/s of the run, wall time with start-up, CPU per trajectory and cores used. */
export function processesRows(results: ProcessesResult[]): string[] {
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join("/");
  return results.map((result) => {
    const cpuMs = result.parentCpuMs + result.childCpuMs;
    const cores = cpuMs / 1000 / result.wallSeconds;
    return `| ${result.processes} | ${result.perSecond.toFixed(1)} | ${result.runSeconds.toFixed(1)} | ${result.wallSeconds.toFixed(1)} | ${(result.parentCpuMs / result.done).toFixed(2)} | ${(result.childCpuMs / result.done).toFixed(2)} | ${cores.toFixed(2)} | ${result.accepted}/${result.done} | ${load(result.loadBefore)} → ${load(result.loadAfter)} |`;
  });
}

export const PROCESSES_HEADER = [
  "| processes | trajectories/s (run) | run s | wall s (with start-up) | parent CPU ms/traj | children CPU ms/traj | cores used | accepted/done | load average 1/5/15 before → after |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
];

// Run alone: `node --import tsx bench/processes.ts [tasks] [concurrency]` (default 1000 generated tasks, 32 in flight).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { generateTasks, tasksJsonl } = await import("../test/run/generate-tasks.js");
  const scratch = mkdtempSync(join(tmpdir(), "button-bench-processes-"));
  try {
    const tasksPath = join(scratch, "tasks.jsonl");
    writeFileSync(tasksPath, tasksJsonl(generateTasks(Number(process.argv[2] ?? 1000))));
    const results = await measureProcesses(tasksPath, scratch, Number(process.argv[3] ?? 32));
    process.stdout.write([...PROCESSES_HEADER, ...processesRows(results)].join("\n") + "\n");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
