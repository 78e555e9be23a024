import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isModelBehaviorError, isSystemError, isUserError, ModelBehaviorError, SystemError, UserError } from "../../src/errors.js";
import { deterministicFailureCode } from "../../src/run/failure-classification.js";
import { isAuthenticationFailure } from "../../src/run/failure-description.js";
import { classifyTransportError } from "../../src/run/model-retry.js";
import { rebuildError, runSimulationInProcesses, transferError } from "../../src/run/process-pool/index.js";
import { runSimulation, type RunOptions } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import testSimulation, { TEST_SETUP_MODULE, type TestSetupSettings } from "./process-pool-setup.js";
import { readJsonl } from "./read-jsonl.js";

/** Through JSON, as over the IPC channel. */
const across = (error: unknown) => rebuildError(JSON.parse(JSON.stringify(transferError(error))));

describe("errors crossing the IPC channel", () => {
  it("keeps a ModelBehaviorError's class, code, message and output", () => {
    const error = across(new ModelBehaviorError("refusal", "The assistant refused.", { output: "I cannot" }));
    expect(isModelBehaviorError(error)).toBe(true);
    expect(error).toBeInstanceOf(ModelBehaviorError);
    expect(error).toMatchObject({ code: "refusal", message: "The assistant refused.", output: "I cannot" });
  });

  it("keeps a UserError's location fields without prefixing its message twice", () => {
    const original = new UserError("bad model name", { file: "tasks.jsonl", line: 3, field: "model", code: "invalid-config" });
    const error = across(original);
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid-config", file: "tasks.jsonl", line: 3, field: "model" });
    expect(error.message).toBe(original.message);
  });

  it("keeps a SystemError's status and the wait the server asked for, so it is classified the same", () => {
    const original = new SystemError("transport", "gave up", { status: 503, retryAfterMs: 1500 });
    const error = across(original);
    expect(isSystemError(error)).toBe(true);
    expect(error).toMatchObject({ code: "transport", status: 503, retryAfterMs: 1500 });
    expect(classifyTransportError(error, 0)).toEqual(classifyTransportError(original, 0));
  });

  it("keeps what retry decisions read in raw client errors: status, Retry-After, quota body", () => {
    const limited = Object.assign(new Error("Rate limit reached"), { name: "RateLimitError", status: 429, headers: new Headers({ "retry-after": "2", "x-other": "dropped" }) });
    expect(classifyTransportError(across(limited), 0)).toEqual({ retryable: true, reason: "HTTP 429", retryAfterMs: 2000 });
    const quota = Object.assign(new Error("429"), { status: 429, error: { code: "insufficient_quota" } });
    expect(classifyTransportError(across(quota), 0)).toEqual({ retryable: false, reason: "quota exhausted (429)" });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(classifyTransportError(across(reset), 0)).toMatchObject({ retryable: true, reason: "ECONNRESET" });
  });

  it("keeps the cause chain: authentication failures and deterministic failures are still recognised", () => {
    const denied = new SystemError("transport", "Model request failed", { cause: Object.assign(new Error("Incorrect API key"), { status: 401 }) });
    expect(isAuthenticationFailure(across(denied))).toBe(true);
    const deep = new Error("schema check failed", { cause: new RangeError("Maximum call stack size exceeded") });
    expect(deterministicFailureCode(across(deep))).toBe("too-deep");
    const aborted = new DOMException("cancelled", "AbortError");
    expect(classifyTransportError(across(aborted))).toEqual({ retryable: false, reason: "aborted" });
  });
});

describe("a failing endpoint, in one process and in a pool", () => {
  let dir: string;
  let server: Server;
  let base: string;
  let tasksPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "button-pool-errors-"));
    tasksPath = join(dir, "tasks.jsonl");
    writeFileSync(tasksPath, tasksJsonl(generateTasks(4)));
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        const json = (status: number, body: unknown) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(JSON.stringify(body));
        };
        if (request.url?.startsWith("/denied/")) return json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
        if (request.url?.startsWith("/busy/")) return json(503, { error: { message: "overloaded", type: "server_error" } });
        // An answer with nothing in it: a model behaviour fault, not a transport one.
        return json(200, {
          id: "empty",
          object: "chat.completion",
          created: 0,
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same run in this process and with 2 children: what each wrote and reported. */
  async function bothWays(name: string, route: string, extra: Partial<RunOptions> = {}) {
    const settings: TestSetupSettings = { model: "m", baseUrl: `${base}/${route}/v1`, apiKey: "test", seed: 1, maxTurns: 3 };
    const { simulation } = testSimulation(settings);
    const common = { tasks: tasksPath, simulation, concurrency: 2, maxConsecutiveFailures: 100, ...extra };
    const single = await runSimulation({ ...common, outDir: join(dir, `${name}-single`) });
    const pooled = await runSimulationInProcesses({ ...common, outDir: join(dir, `${name}-pooled`), processes: 2, worker: { module: TEST_SETUP_MODULE, settings } });
    const reasons = (outDir: string) =>
      readJsonl<TrajectoryRecord>(join(outDir, "rejected.jsonl"))
        .map((record) => [record.task_id, record.reason, record.meta?.retryable ?? false])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return { single, pooled, singleReasons: reasons(join(dir, `${name}-single`)), pooledReasons: reasons(join(dir, `${name}-pooled`)) };
  }

  it("stops on refused credentials the same way", async () => {
    const { single, pooled } = await bothWays("denied", "denied");
    expect(single.status).toBe("failed");
    expect(single.error).toMatch(/authentication failed \(HTTP 401\)/);
    expect(pooled.status).toBe(single.status);
    expect(pooled.error).toBe(single.error);
    expect(pooled.counts).toEqual(single.counts);
  });

  it("retries in the children, then fails tasks as retryable, counting the retries", async () => {
    const { single, pooled, singleReasons, pooledReasons } = await bothWays("busy", "busy", { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    expect(single.counts.failed).toBe(4);
    expect(singleReasons.every(([, reason, retryable]) => String(reason).startsWith("transport:") && retryable === true)).toBe(true);
    expect(pooledReasons).toEqual(singleReasons);
    expect(pooled.counts).toEqual(single.counts);
    expect(single.retries).toEqual({ "HTTP 503": 4 });
    expect(pooled.retries).toEqual(single.retries);
  });

  it("rejects an unusable answer under the same model-behaviour code", async () => {
    const { single, pooled, singleReasons, pooledReasons } = await bothWays("empty", "empty");
    expect(single.counts.rejected).toBe(4);
    expect(singleReasons.every(([, , retryable]) => retryable === false)).toBe(true);
    expect(pooledReasons).toEqual(singleReasons);
    expect(pooled.counts).toEqual(single.counts);
  });
});
