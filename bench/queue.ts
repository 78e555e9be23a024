/**
 * `npm run bench:queue`: throughput of a queued run (BullMQ on a local redis-server) with 1, 2
 * and 4 worker processes against sim-server at a fixed latency, as efficiency against the
 * latency-bound limit: with C tasks in flight in all, each model call taking L seconds and k
 * calls on a trajectory's critical path (user turns + assistant turns + tool batches, since a
 * batch's calls run in parallel), no runner can exceed C / (L × k) trajectories per second.
 * Results go to bench/QUEUE-RESULTS.md.
 * Options: BENCH_QUEUE_TASKS (default 256), BENCH_QUEUE_CONCURRENCY per worker (default 8),
 * BENCH_QUEUE_LATENCY_MS (default 500), BENCH_QUEUE_WORKERS (default 1,2,4).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collectQueue } from "../src/run/queue/collect-queue.js";
import { parseQueueAddress } from "../src/run/queue/queue-address.js";
import { openQueueConnection } from "../src/run/queue/queue-connection.js";
import type { TrajectoryRecord } from "../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "../test/run/generate-tasks.js";
import { startTestRedis } from "../test/run/queue/redis-server.js";

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const loader = new URL("../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const taskCount = Number(process.env.BENCH_QUEUE_TASKS ?? 256);
const concurrency = Number(process.env.BENCH_QUEUE_CONCURRENCY ?? 8);
const latencyMs = Number(process.env.BENCH_QUEUE_LATENCY_MS ?? 500);
const workerCounts = (process.env.BENCH_QUEUE_WORKERS ?? "1,2,4").split(",").map(Number);

function cli(args: string[]): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", loader, main, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, OPENAI_API_KEY: "bench" },
  });
  return { child, exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const { child } = cli(["sim-server", "--port", "0", "--latency-ms", String(latencyMs)]);
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on("exit", () => reject(new Error(`sim-server exited: ${output}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

/** Model calls on a trajectory's critical path: each user and assistant turn, and each batch of tool results. */
function criticalCalls(record: TrajectoryRecord): number {
  let calls = 0;
  let previous = "";
  for (const message of record.messages) {
    if (message.role === "user" || message.role === "assistant") calls++;
    if (message.role === "tool" && previous !== "tool") calls++;
    previous = message.role;
  }
  return calls;
}

const dir = mkdtempSync(join(tmpdir(), "button-bench-queue-"));
const tasksPath = join(dir, "tasks.jsonl");
writeFileSync(tasksPath, tasksJsonl(generateTasks(taskCount)));
const loadBefore = loadavg();
const redis = await startTestRedis();
const server = await startServer();
const rows: string[] = [];
const flags = ["--model", "openai:sim", "--base-url", server.url, "--timeout-ms", "60000"];

function readRecords(outDir: string): TrajectoryRecord[] {
  return ["trajectories.jsonl", "rejected.jsonl"].flatMap((file) =>
    (existsSync(join(outDir, file)) ? readFileSync(join(outDir, file), "utf8") : "")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TrajectoryRecord),
  );
}

function row(label: string, inFlight: number, done: number, accepted: number, meanCalls: number, activeSeconds: number, wallSeconds: number): void {
  const limit = inFlight / ((latencyMs / 1000) * meanCalls);
  const measured = done / activeSeconds;
  const line =
    `| ${label} | ${inFlight} | ${done} (${accepted} accepted) | ${meanCalls.toFixed(2)} | ` +
    `${limit.toFixed(2)} | ${measured.toFixed(2)} | ${((measured / limit) * 100).toFixed(0)}% | ${activeSeconds.toFixed(1)} | ${wallSeconds.toFixed(1)} |`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
}

const meanCallsOf = (records: TrajectoryRecord[]) => records.reduce((sum, record) => sum + criticalCalls(record), 0) / records.length;

try {
  // The baseline: one `button simulate` process with the same in-flight count as one worker.
  {
    const outDir = join(dir, "single");
    const started = performance.now();
    const simulate = cli(["simulate", "--tasks", tasksPath, "--out", outDir, ...flags, "--concurrency", String(concurrency), "--no-progress"]);
    if ((await simulate.exit) !== 0) throw new Error("simulate failed");
    const wallSeconds = (performance.now() - started) / 1000;
    const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as { counts: { done: number; accepted: number }; timings: { elapsed_ms: number } };
    row("single process (simulate)", concurrency, manifest.counts.done, manifest.counts.accepted, meanCallsOf(readRecords(outDir)), manifest.timings.elapsed_ms / 1000, wallSeconds);
  }
  for (const workers of workerCounts) {
    const queueUrl = redis.queueUrl(`bench-${workers}`);
    const enqueue = cli(["enqueue", "--tasks", tasksPath, "--queue", queueUrl, ...flags]);
    if ((await enqueue.exit) !== 0) throw new Error("enqueue failed");
    const started = performance.now();
    const processes = Array.from({ length: workers }, () =>
      cli(["worker", "--queue", queueUrl, ...flags, "--concurrency", String(concurrency), "--no-progress"]),
    );
    const outDir = join(dir, `run-${workers}`);
    const summary = await collectQueue({ queue: queueUrl, outDir, pollMs: 100 });
    const codes = await Promise.all(processes.map((process_) => process_.exit));
    const wallSeconds = (performance.now() - started) / 1000;
    if (codes.some((code) => code !== 0)) throw new Error(`a worker failed: exit codes ${codes.join(", ")}`);

    // The active span: first job taken to last job finished, from BullMQ's own timestamps (no process start-up).
    const connection = await openQueueConnection(parseQueueAddress(queueUrl));
    const jobs = await connection.queue.getJobs(["completed"], 0, -1);
    await connection.close();
    const firstStart = Math.min(...jobs.map((job) => job.processedOn ?? Infinity));
    const lastFinish = Math.max(...jobs.map((job) => job.finishedOn ?? 0));
    const activeSeconds = (lastFinish - firstStart) / 1000;
    row(`${workers} worker(s)`, workers * concurrency, summary.counts.done, summary.counts.accepted, meanCallsOf(readRecords(outDir)), activeSeconds, wallSeconds);
  }
} finally {
  server.stop();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
const loadAfter = loadavg();
const report = [
  "# Queue benchmark results",
  "",
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC with \`npm run bench:queue\` on ${cpus().length} cores ` +
    `(${cpus()[0]?.model ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.versions.node}. ` +
    `Load average (1/5/15 min) ${loadBefore.map((value) => value.toFixed(1)).join("/")} before and ${loadAfter.map((value) => value.toFixed(1)).join("/")} after: ` +
    "the machine is shared, so these figures are a floor, not what an idle machine gives.",
  "",
  `${taskCount} generated tasks (test/run/generate-tasks.ts), each run on its own BullMQ queue on a local redis-server; ` +
    `W \`button worker\` processes with --concurrency ${concurrency} each; \`button sim-server --latency-ms ${latencyMs}\` in its own process; ` +
    "the collector writes the run directory in the benchmark's process. Every record goes through the trajectory checks. " +
    `The first row is the baseline: one \`button simulate\` process at --concurrency ${concurrency} through the same server (its span is the run's own elapsed time).`,
  "",
  `The latency-bound limit is C / (L × k): C tasks in flight in all (W × ${concurrency}), L = ${latencyMs / 1000} s per model call, and k the mean ` +
    "number of model calls on a trajectory's critical path (user turns + assistant turns + tool-result batches, whose calls run in parallel), " +
    "counted from the records. Throughput is over the active span — the first job taken to the last job finished, from BullMQ's job " +
    "timestamps — so worker start-up (several seconds per process under load) is left out; wall time includes it. " +
    "The last wave of tasks runs with fewer than C in flight, which also costs efficiency.",
  "",
  "| processes | C in flight | tasks done | k (calls on critical path) | limit C/(L·k) traj/s | measured traj/s | efficiency | active s | wall s |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows,
  "",
].join("\n");
writeFileSync(fileURLToPath(new URL("./QUEUE-RESULTS.md", import.meta.url)), report);
process.stdout.write(report);
