import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Transport } from "../../src/llm/model-call.js";
import { composeTransports } from "../../src/run/compose-transports.js";
import { ProcessPool } from "../../src/run/process-pool/index.js";
import { rateLimitTransport } from "../../src/run/rate-limit.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { FakeClock } from "./fake-clock.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import { TEST_SETUP_MODULE } from "./process-pool-setup.js";
import { readJsonl } from "./read-jsonl.js";

const RPM = 60;
/** The limiter lets a sixth of a minute's allowance through at once. */
const BURST = RPM / 6;

let dir: string;
let server: SimServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-pool-limits-"));
  server = await startSimServer({ port: 0, seed: 5 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it("holds one rate limit over all children: every child model call takes a permit from the parent's limiter", async () => {
  const tasksPath = join(dir, "tasks.jsonl");
  writeFileSync(tasksPath, tasksJsonl(generateTasks(12)));
  const clock = new FakeClock();
  const start = clock.now();
  const grantedAt: number[] = [];
  const settledTokens: number[] = [];
  // Inside the limiter: runs once per permit it grants, and sees the token count the child reports.
  const counting: Transport = async (invoke) => {
    grantedAt.push(clock.now());
    const result = await invoke();
    settledTokens.push((result as { usage_metadata?: { total_tokens?: number } }).usage_metadata?.total_tokens ?? 0);
    return result;
  };
  const transport = composeTransports(rateLimitTransport({ limits: { "*": { requestsPerMinute: RPM } }, clock }), counting);
  const pool = await ProcessPool.start({
    processes: 2,
    setup: { module: TEST_SETUP_MODULE, settings: { model: "openai:sim", baseUrl: server.url, apiKey: "test", seed: 5, maxTurns: 4 } },
    runId: "limits",
    sharedRateLimits: true,
  });
  try {
    const summary = await runSimulation({
      tasks: tasksPath,
      outDir: join(dir, "out"),
      // The parent's transport with a fake clock in place of the runner's own: the permits are what is counted.
      processor: (task, context) => pool.processor(task, { signal: context.signal, transport }),
      retry: false,
      concurrency: 6,
    });
    expect(summary.status).toBe("completed");
    expect(summary.counts.done).toBe(12);
    // Both children played tasks, and not one of their calls reached the endpoint without a permit.
    expect(pool.children.map((child) => child.dispatched > 0)).toEqual([true, true]);
    expect(grantedAt.length).toBe(server.stats().requests);
    expect(grantedAt.length).toBeGreaterThan(BURST * 2);
    // One bucket for both: the n-th permit came no sooner than the burst plus one a second allow.
    grantedAt.forEach((time, index) => expect(time - start).toBeGreaterThanOrEqual((index + 1 - BURST) * (60_000 / RPM)));
    // Each call's real usage came back to the limiter (tokens-per-minute limits debit it).
    const records = [...readJsonl<TrajectoryRecord>(join(dir, "out", "trajectories.jsonl")), ...readJsonl<TrajectoryRecord>(join(dir, "out", "rejected.jsonl"))];
    const recordedTokens = records.reduce((sum, record) => sum + (record.usage?.total.prompt_tokens ?? 0) + (record.usage?.total.completion_tokens ?? 0), 0);
    expect(settledTokens.reduce((sum, tokens) => sum + tokens, 0)).toBe(recordedTokens);
    expect(recordedTokens).toBeGreaterThan(0);
  } finally {
    await pool.close();
  }
});
