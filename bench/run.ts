/**
 * `npm run bench`: trajectories per second and peak RSS of `runSimulation` on the in-process
 * simulator and through sim-server (real ChatOpenAI over HTTP) at concurrency 1, 8 and 32.
 * Each configuration runs in its own process; results go to bench/RESULTS.md.
 * Options: BENCH_TASKS (default 1000), BENCH_LARGE (default 10000, the memory check).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTasks, tasksJsonl } from "../test/run/generate-tasks.js";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const loader = new URL("../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const taskCount = Number(process.env.BENCH_TASKS ?? 1000);
const largeCount = Number(process.env.BENCH_LARGE ?? 10000);

interface Result {
  done: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  heapAfterGcMb: number;
  tokens: number;
}

function runNode(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", loader, script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", loader, here("./serve.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => child.stdout.once("data", (chunk) => resolve(String(chunk).trim())));
  return { url, stop: () => child.kill("SIGTERM") };
}

const dir = mkdtempSync(join(tmpdir(), "button-bench-"));
const tasksPath = join(dir, "tasks.jsonl");
const largePath = join(dir, "large.jsonl");
writeFileSync(tasksPath, tasksJsonl(generateTasks(taskCount)));
writeFileSync(largePath, tasksJsonl(generateTasks(largeCount)));

const rows: string[] = [];
let runIndex = 0;
async function measure(label: string, tasks: string, count: number, concurrency: number, baseUrl?: string): Promise<void> {
  const outDir = join(dir, `run-${runIndex++}`);
  const output = await runNode(here("./one-run.ts"), [JSON.stringify({ tasks, outDir, concurrency, baseUrl })]);
  const result = JSON.parse(output.trim().split("\n").pop()!) as Result;
  const row = `| ${label} | ${count} | ${concurrency} | ${result.perSecond.toFixed(1)} | ${result.seconds.toFixed(2)} | ${result.peakRssMb.toFixed(0)} | ${result.heapAfterGcMb.toFixed(1)} | ${result.accepted}/${result.done} |`;
  rows.push(row);
  process.stderr.write(`${row}\n`);
  rmSync(outDir, { recursive: true, force: true });
}

try {
  for (const concurrency of [1, 8, 32]) await measure("in-process sim", tasksPath, taskCount, concurrency);
  const server = await startServer();
  try {
    for (const concurrency of [1, 8, 32]) await measure("sim-server (ChatOpenAI over HTTP)", tasksPath, taskCount, concurrency, server.url);
  } finally {
    server.stop();
  }
  // Memory is bounded by concurrency, not input size: 10× the tasks, same live heap.
  await measure("in-process sim (memory check)", largePath, largeCount, 8);
  await measure("in-process sim (memory check)", largePath, largeCount, 32);

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const report = [
    "# Benchmark results",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${cpus().length} cores (${cpu}), ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free), ${platform()} ${release()}, Node ${process.versions.node}.`,
    "",
    "Each row is one `runSimulation` call in a fresh process. Peak RSS is that process's maximum resident set (V8 grows",
    "its heap lazily, so it rises with run length even when nothing leaks); heap after GC is the live heap once the run",
    "is over and a full collection has run — what the run still holds. Compare the memory-check rows (10× the tasks)",
    "with the rows above them.",
    "The tasks are the generated 1–3-function tasks of `test/run/generate-tasks.ts`; the simulator is the offline `sim` model,",
    "so these numbers measure the runner, the graph and the HTTP path — not a real model's latency.",
    "The sim-server runs in its own process on the same machine; with two cores it competes with the client for CPU.",
    "Every record goes through the trajectory checks (structure, arguments, coverage, grounding, exact and MinHash near-duplicates), as in a real run.",
    "",
    "| path | tasks | concurrency | trajectories/s | wall s | peak RSS MB | heap after GC MB | accepted/done |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(here("./RESULTS.md"), report);
  process.stderr.write(`wrote bench/RESULTS.md\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
