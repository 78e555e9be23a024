import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import type { RunManifest } from "../../src/run/run-manifest.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import { readJsonl } from "./read-jsonl.js";

const TASKS = 200;
const MAX_TURNS = 2; // small enough that multi-step tasks hit the turn cap: the run has both outcomes
const child = fileURLToPath(new URL("./run-child.ts", import.meta.url));
// Node itself with the tsx loader (not the tsx CLI, which forks a grandchild that SIGKILL would orphan).
const tsxLoader = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

let dir: string;
let tasksPath: string;
let faulty: SimServer;
let clean: SimServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-e2e-"));
  tasksPath = join(dir, "tasks.jsonl");
  writeFileSync(tasksPath, tasksJsonl(generateTasks(TASKS)));
  // Stalls cost a client timeout each, so they are the rarest fault here.
  faulty = await startSimServer({
    port: 0,
    seed: 11,
    failRate: 0.15,
    faults: { "rate-limit": 2, "server-error": 2, malformed: 2, timeout: 1 },
    retryAfterSeconds: 0.05,
  });
  clean = await startSimServer({ port: 0, seed: 11 });
});

afterAll(async () => {
  await Promise.all([faulty?.close(), clean?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, "utf8").split("\n").length - 1;
}

/** Start the run in a child process; resolve when it exits (or once `killAfter` records exist, after SIGKILL). */
function runChild(outDir: string, options: { resume?: boolean; killAfter?: number }): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const settings = { tasks: tasksPath, outDir, baseUrl: faulty.url, resume: options.resume, concurrency: 8, maxTurns: MAX_TURNS };
    const process_ = spawn(process.execPath, ["--import", tsxLoader, child, JSON.stringify(settings)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    process_.stdout.on("data", (chunk) => (stdout += chunk));
    process_.stderr.on("data", (chunk) => (stderr += chunk));
    let poll: NodeJS.Timeout | undefined;
    if (options.killAfter !== undefined) {
      poll = setInterval(() => {
        const written = lineCount(join(outDir, "trajectories.jsonl")) + lineCount(join(outDir, "rejected.jsonl"));
        if (written >= options.killAfter!) {
          clearInterval(poll);
          process_.kill("SIGKILL");
        }
      }, 20);
    }
    process_.on("error", reject);
    process_.on("exit", (code, signal) => {
      clearInterval(poll);
      if (code !== 0 && signal === null) reject(new Error(`run failed (${code}): ${stderr}`));
      else resolve({ code, signal, stdout });
    });
  });
}

function outputs(outDir: string) {
  const accepted = readJsonl<TrajectoryRecord>(join(outDir, "trajectories.jsonl"));
  const rejected = readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl"));
  const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as RunManifest;
  return { accepted, rejected, manifest };
}

describe("a run through sim-server with faults, killed and resumed", () => {
  it("writes every task id exactly once and accepts the same set as a fault-free run", async () => {
    // The reference: the same tasks through a fault-free endpoint, in this process.
    const referenceDir = join(dir, "reference");
    const models = resolveRoleModels({ model: "openai:sim", baseUrl: clean.url, apiKey: "test", clientRetries: 0 });
    const reference = await runSimulation({ tasks: tasksPath, outDir: referenceDir, simulation: { models, maxTurns: MAX_TURNS }, concurrency: 8 });
    expect(reference.status).toBe("completed");
    const referenceAccepted = outputs(referenceDir).accepted.map((record) => record.task_id).sort();
    expect(referenceAccepted.length).toBeGreaterThan(0);
    expect(referenceAccepted.length).toBeLessThan(TASKS);

    // The faulty run, SIGKILLed partway, then resumed.
    const outDir = join(dir, "faulty");
    const killed = await runChild(outDir, { killAfter: 40 });
    expect(killed.signal).toBe("SIGKILL");
    const before = lineCount(join(outDir, "trajectories.jsonl")) + lineCount(join(outDir, "rejected.jsonl"));
    expect(before).toBeGreaterThanOrEqual(40);
    expect(before).toBeLessThan(TASKS);

    const resumed = await runChild(outDir, { resume: true });
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout.trim().split("\n").pop()!) as { status: string; counts: { resumed_skips: number; failed: number } };
    expect(summary.status).toBe("completed");
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.resumed_skips).toBeGreaterThanOrEqual(before - 1);

    // readJsonl throws on a torn or unparseable line.
    const { accepted, rejected, manifest } = outputs(outDir);
    const ids = [...accepted, ...rejected].map((record) => record.task_id);
    expect(ids).toHaveLength(TASKS);
    expect(new Set(ids).size).toBe(TASKS);
    expect(new Set(ids)).toEqual(new Set(generateTasks(TASKS).map((task) => task.id)));
    expect(accepted.map((record) => record.task_id).sort()).toEqual(referenceAccepted);
    expect(rejected.every((record) => record.reason?.startsWith("turn-limit"))).toBe(true);

    // Every kind of fault was met and survived.
    const faults = faulty.stats().faults;
    expect(faults["rate-limit"]).toBeGreaterThan(0);
    expect(faults["server-error"]).toBeGreaterThan(0);
    expect(faults.timeout).toBeGreaterThan(0);
    expect(faults.malformed).toBeGreaterThan(0);

    // The ledger adds up to the records, across both sessions.
    let prompt = 0;
    let completion = 0;
    for (const record of [...accepted, ...rejected]) {
      prompt += record.usage!.total.prompt_tokens;
      completion += record.usage!.total.completion_tokens;
    }
    expect(prompt).toBeGreaterThan(0);
    expect(manifest.usage.total.prompt_tokens).toBe(prompt);
    expect(manifest.usage.total.completion_tokens).toBe(completion);
    expect(manifest.counts).toMatchObject({ done: TASKS, accepted: referenceAccepted.length });
    expect(manifest.timings.sessions).toHaveLength(2);
    expect(Object.keys(manifest.retries)).toEqual(expect.arrayContaining(["HTTP 429", "HTTP 500", "malformed response body"]));
    expect(manifest.status).toBe("completed");
  });
});
