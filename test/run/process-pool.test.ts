import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessPool, runSimulationInProcesses } from "../../src/run/process-pool/index.js";
import { runSimulation, simulationConfig, simulationRoleModels, type TaskProcessor } from "../../src/run/run-simulation.js";
import type { RunManifest } from "../../src/run/run-manifest.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import testSimulation, { TEST_SETUP_MODULE } from "./process-pool-setup.js";
import { readJsonl } from "./read-jsonl.js";

const TASKS = 40;
// Two turns: multi-step tasks hit the cap, so the run has both outcomes.
const settings = { seed: 3, maxTurns: 2 };
const worker = { module: TEST_SETUP_MODULE, settings };
const { simulation } = testSimulation(settings);

let dir: string;
let tasksPath: string;
/** The single-process run every other run must match. */
let reference: { accepted: TrajectoryRecord[]; rejected: TrajectoryRecord[]; manifest: RunManifest };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-pool-"));
  tasksPath = join(dir, "tasks.jsonl");
  writeFileSync(tasksPath, tasksJsonl(generateTasks(TASKS)));
  const outDir = join(dir, "reference");
  const summary = await runSimulation({ tasks: tasksPath, outDir, simulation, concurrency: 6 });
  expect(summary.status).toBe("completed");
  reference = read(outDir);
  // Both outcomes occur, so equality covers rejected records too.
  expect(reference.accepted.length).toBeGreaterThan(0);
  expect(reference.rejected.length).toBeGreaterThan(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A run's records by task id. The duplicate checks compare each record with those finished
 * before it, so their verdicts follow completion order, which no concurrent run fixes (one
 * process at concurrency 6 neither): they are left out of the comparison.
 */
function read(outDir: string) {
  const byTask = (a: TrajectoryRecord, b: TrajectoryRecord) => a.task_id.localeCompare(b.task_id);
  const orderFree = (record: TrajectoryRecord) => ({ ...record, verdicts: record.verdicts.filter((verdict) => !verdict.check.endsWith("-duplicate")) });
  return {
    accepted: readJsonl<TrajectoryRecord>(join(outDir, "trajectories.jsonl")).sort(byTask).map(orderFree),
    rejected: readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl")).sort(byTask).map(orderFree),
    manifest: JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as RunManifest,
  };
}

/** Every task id of the input in exactly one of the two files, once. */
function expectEachTaskOnce(outDir: string): void {
  const ids = [...readJsonl<TrajectoryRecord>(join(outDir, "trajectories.jsonl")), ...readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl"))].map((record) => record.task_id);
  expect(ids.length).toBe(TASKS);
  expect(new Set(ids).size).toBe(TASKS);
}

describe("runSimulationInProcesses", () => {
  it("writes the same records and config hash with 3 processes as in one", async () => {
    const outDir = join(dir, "three");
    const summary = await runSimulationInProcesses({ processes: 3, worker, tasks: tasksPath, outDir, simulation, concurrency: 6 });
    expect(summary.status).toBe("completed");
    const run = read(outDir);
    expect(run.accepted).toEqual(reference.accepted);
    expect(run.rejected).toEqual(reference.rejected);
    expect(run.manifest.config_hash).toBe(reference.manifest.config_hash);
    expect(run.manifest.usage).toEqual(reference.manifest.usage);
  });

  it("refuses a custom processor, which cannot run in another process", async () => {
    const processor: TaskProcessor = async () => {
      throw new Error("never called");
    };
    await expect(runSimulationInProcesses({ processes: 2, worker, tasks: tasksPath, outDir: join(dir, "refused"), processor })).rejects.toThrow(
      /custom processor .* cannot run in child processes/,
    );
  });

  it("refuses a worker module that builds a different simulation than the parent's", async () => {
    await expect(
      runSimulationInProcesses({ processes: 2, worker: { module: TEST_SETUP_MODULE, settings: { ...settings, maxTurns: 5 } }, tasks: tasksPath, outDir: join(dir, "mismatch"), simulation }),
    ).rejects.toThrow(/builds a different simulation .*max_turns/);
  });
});

describe("a child killed mid-run", () => {
  /** A run through a 2-child pool whose children are all SIGKILLed the moment one of them begins `target`. */
  async function killedRun(outDir: string, maxTaskAttempts: number) {
    const target = "t-0010";
    let killedWhileInFlight = 0;
    const pool: ProcessPool = await ProcessPool.start({
      processes: 2,
      setup: worker,
      runId: "killed",
      maxTaskAttempts,
      expectedConfig: simulationConfig(simulation, {}),
      onTaskStarted: ({ taskId }) => {
        if (taskId !== target || killedWhileInFlight > 0) return;
        // The child has begun the task and cannot answer before it dies: a crash mid-task.
        killedWhileInFlight = pool.children.filter((child) => child.alive).reduce((sum, child) => sum + child.inFlight, 0);
        for (const pid of pool.pids) process.kill(pid, "SIGKILL");
      },
    });
    const processor = pool.processor;
    try {
      const summary = await runSimulation({
        tasks: tasksPath,
        outDir,
        processor,
        verify: {},
        config: simulationConfig(simulation, {}),
        roleModels: simulationRoleModels(simulation),
        concurrency: 6,
        maxConsecutiveFailures: 100,
      });
      return { summary, killedWhileInFlight, children: pool.children, target };
    } finally {
      await pool.close();
    }
  }

  it("re-dispatches its tasks to a replacement child: nothing lost, nothing doubled, same records", async () => {
    const outDir = join(dir, "killed-redispatch");
    const { summary, killedWhileInFlight, children } = await killedRun(outDir, 2);
    expect(killedWhileInFlight).toBeGreaterThan(0);
    expect(summary.status).toBe("completed");
    expect(summary.counts.failed).toBe(0);
    // Two children killed, two replacements started.
    expect(children.filter((child) => !child.alive).length).toBe(2);
    expect(children.length).toBe(4);
    expectEachTaskOnce(outDir);
    const run = read(outDir);
    expect(run.accepted).toEqual(reference.accepted);
    expect(run.rejected).toEqual(reference.rejected);
  });

  it("fails its tasks as retryable when re-dispatch is off, and --resume completes them", async () => {
    const outDir = join(dir, "killed-resume");
    const { summary, killedWhileInFlight, target } = await killedRun(outDir, 1);
    expect(summary.status).toBe("completed");
    // The tasks the dead children had begun (the target among them) failed; those only sent went elsewhere.
    expect(summary.counts.failed).toBeGreaterThan(0);
    expect(summary.counts.failed).toBeLessThanOrEqual(killedWhileInFlight);
    expect(summary.failedIds).toContain(target);
    expectEachTaskOnce(outDir);
    const failed = readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl")).filter((record) => record.meta?.retryable);
    expect(failed.map((record) => record.task_id).sort()).toEqual([...summary.failedIds].sort());
    for (const record of failed) expect(record.reason).toMatch(/^transport: the pool child playing task '.+' \(pid \d+\) ended \(signal SIGKILL\)/);

    const resumed = await runSimulationInProcesses({ processes: 2, worker, tasks: tasksPath, outDir, simulation, concurrency: 6, resume: true });
    expect(resumed.status).toBe("completed");
    expect(resumed.counts.failed).toBe(0);
    expect(resumed.counts.resumed_skips).toBe(TASKS - summary.counts.failed);
    expectEachTaskOnce(outDir);
    const run = read(outDir);
    expect(run.accepted).toEqual(reference.accepted);
    expect(run.rejected).toEqual(reference.rejected);
  });
});
