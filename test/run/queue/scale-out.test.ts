import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveRoleModels } from "../../../src/models/resolve-model.js";
import { collectQueue } from "../../../src/run/queue/collect-queue.js";
import { enqueueTasks } from "../../../src/run/queue/enqueue-tasks.js";
import { openQueueConnection } from "../../../src/run/queue/queue-connection.js";
import { parseQueueAddress } from "../../../src/run/queue/queue-address.js";
import { readQueueRun } from "../../../src/run/queue/queue-run.js";
import { runQueueWorker } from "../../../src/run/queue/run-queue-worker.js";
import type { RunManifest } from "../../../src/run/run-manifest.js";
import { runSimulation } from "../../../src/run/run-simulation.js";
import { startSimServer, type SimServer } from "../../../src/run/sim-server.js";
import type { TrajectoryRecord } from "../../../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "../generate-tasks.js";
import { readJsonl } from "../read-jsonl.js";
import { redisUnavailable, startTestRedis, type TestRedis } from "./redis-server.js";

const TASKS = 300;
const MAX_TURNS = 2; // small enough that multi-step tasks hit the turn cap: the run has both outcomes
const main = fileURLToPath(new URL("../../../src/cli/main.ts", import.meta.url));
// Node itself with the tsx loader (not the tsx CLI, which forks a grandchild that SIGKILL would orphan).
const tsxLoader = new URL("../../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const skipReason = redisUnavailable();
if (skipReason) console.warn(skipReason);

let dir: string;
let tasksPath: string;
let redis: TestRedis;
let faulty: SimServer;
let clean: SimServer;

beforeAll(async () => {
  if (skipReason) return;
  dir = mkdtempSync(join(tmpdir(), "button-queue-"));
  tasksPath = join(dir, "tasks.jsonl");
  writeFileSync(tasksPath, tasksJsonl(generateTasks(TASKS)));
  redis = await startTestRedis();
  faulty = await startSimServer({
    port: 0,
    seed: 11,
    failRate: 0.1,
    // No stalls: each costs a client timeout, and the single-process end-to-end test covers them.
    faults: { "rate-limit": 1, "server-error": 1, malformed: 1 },
    retryAfterSeconds: 0.05,
  });
  clean = await startSimServer({ port: 0, seed: 11 });
});

afterAll(async () => {
  if (skipReason) return;
  await Promise.all([faulty?.close(), clean?.close(), redis?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ["--import", tsxLoader, main, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OPENAI_API_KEY: "test" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit };
}

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, "utf8").split("\n").length - 1;
}

function written(outDir: string): number {
  return lineCount(join(outDir, "trajectories.jsonl")) + lineCount(join(outDir, "rejected.jsonl"));
}

async function until(condition: () => boolean, what: string, exits: Promise<Exit>[] = []): Promise<void> {
  let ended: Exit | undefined;
  void Promise.race(exits).then((exit) => (ended = exit));
  while (!condition()) {
    if (ended) throw new Error(`a process ended (${ended.code ?? ended.signal}) before ${what}: ${ended.stdout}\n${ended.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const simFlags = (baseUrl: string) => ["--model", "openai:sim", "--base-url", baseUrl, "--max-turns", String(MAX_TURNS), "--timeout-ms", "10000"];

describe.skipIf(skipReason !== undefined)("a run spread over three worker processes on a BullMQ queue", () => {
  it("writes every task exactly once, through a SIGKILLed worker and a restarted collector, and accepts what one process accepts", async () => {
    // The reference: one process, the same tasks through a fault-free endpoint (alongside the queue run).
    const queueUrl = redis.queueUrl("three-workers");
    const enqueued = cli(["enqueue", "--tasks", tasksPath, "--queue", queueUrl, ...simFlags(faulty.url)]);
    const referenceDir = join(dir, "reference");
    const models = resolveRoleModels({ model: "openai:sim", baseUrl: clean.url, apiKey: "test", clientRetries: 0 });
    const referenceRun = runSimulation({ tasks: tasksPath, outDir: referenceDir, simulation: { models, maxTurns: MAX_TURNS }, concurrency: 8 });

    const enqueueExit = await enqueued.exit;
    expect(enqueueExit.code, enqueueExit.stderr).toBe(0);
    expect(enqueueExit.stdout).toContain(`Enqueued ${TASKS} task(s)`);

    // Enqueuing again adds nothing: the job id is the task id.
    const connection = await openQueueConnection(parseQueueAddress(queueUrl));
    const run = (await readQueueRun(connection))!;
    const again = await enqueueTasks({ tasks: tasksPath, queue: queueUrl, run });
    expect(again).toMatchObject({ read: TASKS, added: 0, alreadyQueued: TASKS, total: TASKS });

    const outDir = join(dir, "collected");
    const workerFlags = ["worker", "--queue", queueUrl, ...simFlags(faulty.url), "--concurrency", "6", "--lock-ms", "4000", "--no-progress"];
    const workers = [cli(workerFlags), cli(workerFlags), cli(workerFlags)];
    const firstCollector = cli(["collect", "--queue", queueUrl, "--out", outDir, "--no-progress"]);
    const running = [...workers.map((worker) => worker.exit), firstCollector.exit];

    // One worker dies mid-task; its jobs are locked to it until the lock lapses.
    await until(() => written(outDir) >= 30, "30 records were collected", running);
    workers[0]!.child.kill("SIGKILL");
    // The collector dies too, mid-stream, and starts again.
    await until(() => written(outDir) >= 90, "90 records were collected", running.slice(1));
    firstCollector.child.kill("SIGKILL");
    const killedCollector = await firstCollector.exit;
    expect(killedCollector.signal).toBe("SIGKILL");
    const before = written(outDir);
    expect(before).toBeLessThan(TASKS);

    // A record delivered twice (a worker that died after handing it back, before completing its job).
    const firstRecord = readFileSync(join(outDir, "trajectories.jsonl"), "utf8").split("\n")[0]!;
    const redelivered = JSON.parse(firstRecord) as TrajectoryRecord;
    await connection.redis.xadd(connection.keys.results, "*", "task_id", redelivered.task_id, "outcome", "accepted", "record", firstRecord);

    // The restarted collector runs in this process (the CLI's collect is what the first one ran).
    const secondCollector = collectQueue({ queue: queueUrl, outDir });
    const [killedWorker, ...survivors] = await Promise.all(workers.map((worker) => worker.exit));
    expect(killedWorker!.signal).toBe("SIGKILL");
    for (const survivor of survivors) expect(survivor.code, survivor.stderr).toBe(0);
    const collected = await secondCollector;
    expect(collected.status).toBe("completed");
    // At least the copy injected above (a worker killed between hand-back and completion adds more).
    expect(collected.redelivered).toBeGreaterThanOrEqual(1);

    // The dead worker's tasks came back from their lapsed locks and were redone.
    const jobs = await connection.queue.getJobs(["completed"], 0, -1);
    expect(jobs).toHaveLength(TASKS);
    expect(jobs.some((job) => job.stalledCounter > 0)).toBe(true);
    await connection.close();

    const reference = await referenceRun;
    expect(reference.status).toBe("completed");
    const referenceAccepted = readJsonl<TrajectoryRecord>(join(referenceDir, "trajectories.jsonl")).map((record) => record.task_id).sort();
    expect(referenceAccepted.length).toBeGreaterThan(0);
    expect(referenceAccepted.length).toBeLessThan(TASKS);

    // readJsonl throws on a torn or unparseable line.
    const accepted = readJsonl<TrajectoryRecord>(join(outDir, "trajectories.jsonl"));
    const rejected = readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl"));
    const ids = [...accepted, ...rejected].map((record) => record.task_id);
    expect(ids).toHaveLength(TASKS);
    expect(new Set(ids)).toEqual(new Set(generateTasks(TASKS).map((task) => task.id)));
    expect(accepted.map((record) => record.task_id).sort()).toEqual(referenceAccepted);
    expect(rejected.every((record) => record.reason?.startsWith("turn-limit"))).toBe(true);

    // The manifest is the single-process one: counts, the ledger summed over workers, sessions of the collector.
    const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as RunManifest;
    let prompt = 0;
    let completion = 0;
    for (const record of [...accepted, ...rejected]) {
      prompt += record.usage!.total.prompt_tokens;
      completion += record.usage!.total.completion_tokens;
    }
    expect(manifest.status).toBe("completed");
    expect(manifest.counts).toMatchObject({ done: TASKS, accepted: referenceAccepted.length, rejected: TASKS - referenceAccepted.length });
    expect(manifest.usage.total.prompt_tokens).toBe(prompt);
    expect(manifest.usage.total.completion_tokens).toBe(completion);
    expect(manifest.config_hash).toBe(run.config_hash);
    expect(manifest.timings.sessions).toHaveLength(2);
    expect(Object.keys(manifest.retries)).toEqual(expect.arrayContaining(["HTTP 429", "HTTP 500"]));
    expect(faulty.stats().faults["rate-limit"]).toBeGreaterThan(0);
  }, 240_000);

  it("refuses a worker whose flags give another config hash, naming both hashes", async () => {
    const queueUrl = redis.queueUrl("mismatch");
    const models = resolveRoleModels({ model: "sim", seed: 0 });
    const { configHash } = await import("../../../src/run/run-manifest.js");
    const { simulationConfig, simulationRoleModels } = await import("../../../src/run/run-simulation.js");
    const config = simulationConfig({ models }, {});
    await enqueueTasks({
      tasks: tasksPath,
      queue: queueUrl,
      limit: 3,
      run: { config, config_hash: configHash(config), flags: {}, role_models: simulationRoleModels({ models }), budgets: {} },
    });
    const other = { models: resolveRoleModels({ model: "sim", seed: 5 }) };
    const otherHash = configHash(simulationConfig(other, {}));
    await expect(runQueueWorker({ queue: queueUrl, simulation: other })).rejects.toThrow(
      new RegExp(`config hash ${configHash(config)}.*config hash ${otherHash}`),
    );
  });

  it("stops every worker at a shared token budget, and the collector records the stop", async () => {
    const queueUrl = redis.queueUrl("budget");
    const models = resolveRoleModels({ model: "sim", seed: 0 });
    const { configHash } = await import("../../../src/run/run-manifest.js");
    const { simulationConfig, simulationRoleModels } = await import("../../../src/run/run-simulation.js");
    const config = simulationConfig({ models }, {});
    await enqueueTasks({
      tasks: tasksPath,
      queue: queueUrl,
      limit: 40,
      run: { config, config_hash: configHash(config), flags: {}, role_models: simulationRoleModels({ models }), budgets: { max_tokens: 1 } },
    });
    const [first, second] = await Promise.all([
      runQueueWorker({ queue: queueUrl, simulation: { models }, concurrency: 2 }),
      runQueueWorker({ queue: queueUrl, simulation: { models }, concurrency: 2 }),
    ]);
    // Tasks in flight when the budget is met still finish; no new one starts.
    expect(first.sharedStopReason ?? second.sharedStopReason).toBe("token-budget");
    const done = first.counts.done + second.counts.done;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThanOrEqual(4);
    const outDir = join(dir, "budget");
    const summary = await collectQueue({ queue: queueUrl, outDir });
    expect(summary).toMatchObject({ status: "stopped", stopReason: "token-budget" });
    expect(summary.counts.done).toBe(done);

    // The shared counter saw every record's tokens.
    const client = new Redis({ port: redis.port, host: "127.0.0.1" });
    const tokens = Number(await client.hget("button:budget:button-run", "tokens"));
    await client.quit();
    expect(tokens).toBe(summary.usage.total.total_tokens);
  });

  it("gives a task that keeps failing in transport back to the queue, retries it, and then writes it as retryable", async () => {
    const down = await startSimServer({ port: 0, failRate: 1, faults: { "server-error": 1 }, maxFaultsPerRequest: 1_000 });
    try {
      const queueUrl = redis.queueUrl("endpoint-down");
      const models = resolveRoleModels({ model: "openai:sim", baseUrl: down.url, apiKey: "test", clientRetries: 0 });
      const { simulationConfig } = await import("../../../src/run/run-simulation.js");
      await enqueueTasks({ tasks: tasksPath, queue: queueUrl, limit: 3, attempts: 2, retryDelayMs: 50, run: { config: simulationConfig({ models }, {}) } });
      const worker = await runQueueWorker({ queue: queueUrl, simulation: { models }, concurrency: 3, retry: { maxAttempts: 1 } });
      // Each task failed twice in this worker: the second time in a fresh session, since a runner skips ids it has seen.
      expect(worker.counts.failed).toBe(6);
      const summary = await collectQueue({ queue: queueUrl, outDir: join(dir, "endpoint-down") });
      expect(summary).toMatchObject({ status: "completed", counts: { done: 3, rejected: 3, failed: 3 } });
      const rejected = readJsonl<TrajectoryRecord>(join(dir, "endpoint-down", "rejected.jsonl"));
      expect(rejected.map((record) => record.meta?.retryable)).toEqual([true, true, true]);
    } finally {
      await down.close();
    }
  });
});
