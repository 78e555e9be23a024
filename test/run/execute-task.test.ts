import { describe, expect, it } from "vitest";
import { ModelBehaviorError, SystemError, UserError } from "../../src/errors.js";
import { classifyFailure, executeTask, FailureStreak, type TaskExecution } from "../../src/run/execute-task.js";
import type { TaskProcessor } from "../../src/run/run-options.js";
import { parseTask } from "../../src/schema/task.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { createTrajectoryVerifier } from "../../src/verify/verify-trajectory.js";
import { fakeProcessor } from "./fake-processor.js";
import { generateTasks } from "./generate-tasks.js";

const [first, second] = generateTasks(2).map((input) => parseTask(input));
const task = first!;

function execution(processor: TaskProcessor, extra: Partial<TaskExecution> = {}): TaskExecution {
  return { processor, signal: new AbortController().signal, ...extra };
}

const throwing = (error: unknown): TaskProcessor => async () => {
  throw error;
};

describe("executeTask", () => {
  it("accepts a record without a reason and rejects one with a reason", async () => {
    const accepted = await executeTask(task, execution(fakeProcessor()));
    expect(accepted).toMatchObject({ kind: "finished", accepted: true, record: { task_id: task.id } });
    const rejected = await executeTask(task, execution(async (input, context) => ({ ...(await fakeProcessor()(input, context)), reason: "turn-limit" })));
    expect(rejected).toMatchObject({ kind: "finished", accepted: false, record: { reason: "turn-limit" } });
  });

  it("files a record under the task it was made for, whatever task_id the processor wrote", async () => {
    const outcome = await executeTask(task, execution(async (input, context) => ({ ...(await fakeProcessor()(input, context)), task_id: "someone-else" })));
    expect(outcome.kind === "finished" && outcome.record.task_id).toBe(task.id);
  });

  it("gives the processor a signal of its own that follows the run's", async () => {
    const run = new AbortController();
    let seen: AbortSignal | undefined;
    await executeTask(task, execution(async (input, context) => {
      seen = context.signal;
      return fakeProcessor()(input, context);
    }, { signal: run.signal }));
    expect(seen).toBeDefined();
    expect(seen).not.toBe(run.signal);
    expect(seen!.aborted).toBe(false);
  });

  it("runs the checks on an accepted record and rejects it with a verification reason", async () => {
    const verifier = createTrajectoryVerifier({
      dedup: false,
      checks: [{ name: "never-ok", description: "rejects everything", defaultSeverity: "reject", run: () => ({ detail: "no good" }) }],
    });
    const outcome = await executeTask(task, execution(fakeProcessor(), { verifier }));
    expect(outcome).toMatchObject({ kind: "finished", accepted: false, record: { reason: "verification: never-ok: no good" } });
    expect(outcome.kind === "finished" && outcome.record.verdicts.some((verdict) => verdict.check === "never-ok" && !verdict.ok)).toBe(true);
  });

  it("drops a task the run cancelled, whatever the processor threw", async () => {
    const run = new AbortController();
    const outcome = await executeTask(task, execution(async () => {
      run.abort();
      throw new SystemError("transport", "socket closed");
    }, { signal: run.signal }));
    expect(outcome).toEqual({ kind: "cancelled" });
  });
});

describe("classifyFailure", () => {
  it("rejects for good what would fail the same way again (deterministic failures)", () => {
    const outcome = classifyFailure(task, new RangeError("Maximum call stack size exceeded"));
    expect(outcome).toMatchObject({ kind: "finished", accepted: false, record: { reason: "too-deep" } });
    expect((outcome as { record: TrajectoryRecord }).record.meta.retryable).toBeUndefined();
  });

  it("rejects a model that misbehaved past its retries under the error's code", () => {
    const outcome = classifyFailure(task, new ModelBehaviorError("unknown-function", "called get_moon"));
    expect(outcome).toMatchObject({ kind: "finished", accepted: false, record: { task_id: task.id, reason: "unknown-function" } });
  });

  it("stops the run on a configuration problem and writes nothing for the task", () => {
    const user = new UserError("no model named 'gtp-4o'", { field: "model", code: "invalid-config" });
    expect(classifyFailure(task, user)).toEqual({ kind: "fatal", error: user });
    const refused = classifyFailure(task, new SystemError("transport", "HTTP 401", { status: 401 }));
    expect(refused.kind).toBe("fatal");
    expect(((refused as { error: Error }).error).message).toMatch(/authentication failed \(HTTP 401\)/);
  });

  it("marks transport and unknown failures retryable, with their code in the reason", () => {
    const transport = classifyFailure(task, new SystemError("timeout", "no answer in 120 s"));
    expect(transport).toMatchObject({ kind: "failed", record: { reason: "timeout: no answer in 120 s", meta: { retryable: true } } });
    const unknown = classifyFailure(second!, new Error("disk full"));
    expect(unknown).toMatchObject({ kind: "failed", record: { task_id: second!.id, reason: "system: disk full", meta: { retryable: true } } });
  });

  it("classifies through executeTask the same way", async () => {
    expect((await executeTask(task, execution(throwing(new ModelBehaviorError("empty-output", "nothing"))))).kind).toBe("finished");
    expect((await executeTask(task, execution(throwing(new UserError("bad key"))))).kind).toBe("fatal");
    expect((await executeTask(task, execution(throwing(new Error("ECONNRESET"))))).kind).toBe("failed");
  });
});

describe("FailureStreak", () => {
  it("reaches its limit only with that many failures in a row", () => {
    const streak = new FailureStreak(3);
    expect([streak.failure(), streak.failure()]).toEqual([false, false]);
    streak.success();
    expect([streak.failure(), streak.failure(), streak.failure()]).toEqual([false, false, true]);
  });
});
