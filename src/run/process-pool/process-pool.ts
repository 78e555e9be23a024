import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SystemError, UserError } from "../../errors.js";
import type { TaskRecord } from "../../schema/task.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { abortReason } from "../clock.js";
import type { RetryPolicy } from "../model-retry.js";
import { configDifferences, configHash } from "../run-manifest.js";
import type { ProcessContext, TaskProcessor } from "../run-simulation.js";
import { rebuildError, transferError } from "./error-transfer.js";
import type { ChildMessage, ParentMessage, TransferredRetryPolicy } from "./pool-messages.js";
import type { WorkerSetup } from "./worker-setup.js";

/** More children than this only thrash: each holds a whole graph and model clients. */
export const MAX_PROCESSES = 64;

export interface ProcessPoolOptions {
  /** Child processes to start (each plays tasks on its own core). */
  processes: number;
  /** How each child builds its models and graph. */
  setup: WorkerSetup;
  /** The run id every child labels its model calls with. */
  runId: string;
  /** Tags and metadata for every model call (callbacks cannot cross processes). */
  tracing?: { tags?: string[]; metadata?: Record<string, unknown> };
  /** Transport retries each child runs around its own model calls; `false` turns them off. */
  retry?: RetryPolicy | false;
  /**
   * Every child model call first takes a permit through the runner's transport in this process,
   * so the run's rate limits hold across all children together. Off when there are no limits.
   */
  sharedRateLimits?: boolean;
  /** A child's retry, reported here (the run's summary counts them). */
  onRetry?: (event: { role: string; attempt: number; delayMs: number; reason: string }) => void;
  /**
   * Children that may die while playing a task before it fails as retryable (default 2: one
   * re-dispatch). A task sent to a child that died before starting it goes elsewhere freely.
   */
  maxTaskAttempts?: number;
  /** Replacement children started after crashes before the pool stops replacing them (default 2 × processes). */
  maxRestarts?: number;
  /** The simulation config this process hashed; a child that builds a different one is refused. */
  expectedConfig?: Record<string, unknown>;
  /** Told when a child begins a task. */
  onTaskStarted?: (event: { taskId: string; pid: number }) => void;
  /** Told when a child ends unexpectedly. */
  onChildExit?: (event: { pid: number; code: number | null; signal: string | null; tasks: number }) => void;
}

interface PendingTask {
  id: number;
  task: TaskRecord;
  context: ProcessContext;
  /** Children that began this task (a crash in one of them is an attempt). */
  attempts: number;
  /** Whether the child it is in now has begun it. */
  started: boolean;
  slot?: Slot;
  settled: boolean;
  resolve: (record: TrajectoryRecord) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  child: ChildProcess;
  pid: number;
  ready: Promise<void>;
  isReady: boolean;
  exited: boolean;
  tasks: Map<number, PendingTask>;
  dispatched: number;
  /** Rejects `ready` (no effect once it resolved). */
  failReady: (error: unknown) => void;
  /** Model calls holding a permit, waiting for their token count. */
  calls: Map<number, { taskId: number; settle: (tokens: number) => void }>;
}

/**
 * N child processes that each play tasks on a graph of their own, behind one `processor` for
 * `runSimulation`. The parent keeps the source, scheduling, checks, judge, sinks, manifest,
 * ledger and budgets; children only turn tasks into records, so exactly-once is the parent's
 * as in a single process. A child that dies has its tasks re-dispatched to another child (once
 * by default), then failed as retryable; a replacement child is started.
 */
export class ProcessPool {
  readonly retries: Record<string, number> = {};
  private readonly slots: Slot[] = [];
  private readonly started: Slot[] = [];
  private nextTaskId = 0;
  private restarts = 0;
  private closing = false;
  /** Set once every first child is ready. */
  private running = false;

  private constructor(private readonly options: ProcessPoolOptions) {}

  /** Start the children and wait until each has built its graph. */
  static async start(options: ProcessPoolOptions): Promise<ProcessPool> {
    if (!Number.isInteger(options.processes) || options.processes < 1 || options.processes > MAX_PROCESSES) {
      throw new UserError(`processes must be a whole number from 1 to ${MAX_PROCESSES}, got ${options.processes}`, { field: "processes", code: "invalid-config" });
    }
    const pool = new ProcessPool(options);
    for (let index = 0; index < options.processes; index++) pool.slots.push(pool.spawn());
    try {
      await Promise.all(pool.slots.map((slot) => slot.ready));
      pool.running = true;
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Process ids of the children alive now. */
  get pids(): number[] {
    return this.slots.filter((slot) => !slot.exited).map((slot) => slot.pid);
  }

  /** Every child started so far (replacements included): how many tasks each was sent. */
  get children(): { pid: number; alive: boolean; dispatched: number; inFlight: number }[] {
    return [...this.started].map((slot) => ({ pid: slot.pid, alive: !slot.exited, dispatched: slot.dispatched, inFlight: slot.tasks.size }));
  }

  /** Hand this to `runSimulation` as its `processor`. */
  readonly processor: TaskProcessor = (task, context) =>
    new Promise<TrajectoryRecord>((resolve, reject) => {
      const onAbort = () => this.cancel(pending, abortReason(context.signal));
      const pending: PendingTask = {
        id: this.nextTaskId++,
        task,
        context,
        attempts: 0,
        started: false,
        settled: false,
        resolve: (record) => {
          if (pending.settled) return;
          pending.settled = true;
          context.signal.removeEventListener("abort", onAbort);
          resolve(record);
        },
        reject: (error) => {
          if (pending.settled) return;
          pending.settled = true;
          context.signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      if (context.signal.aborted) return reject(abortReason(context.signal));
      context.signal.addEventListener("abort", onAbort, { once: true });
      this.dispatch(pending).catch(pending.reject);
    });

  /** Stop every child (after the run: nothing is in flight then). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.exited) return;
        const exited = new Promise<void>((resolve) => slot.child.once("exit", () => resolve()));
        // A child ends itself when its channel closes; the kill is for one stuck in a synchronous loop.
        const kill = setTimeout(() => slot.child.kill("SIGKILL"), 5_000);
        kill.unref();
        if (slot.child.connected) slot.child.disconnect();
        else slot.child.kill("SIGKILL");
        await exited;
        clearTimeout(kill);
      }),
    );
  }

  private spawn(): Slot {
    const child = fork(CHILD_MAIN, [], {
      execArgv: childExecArgv(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    // Whatever a child prints is diagnostics: it goes to stderr, so stdout stays the parent's.
    child.stdout?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    let markReady: () => void = () => undefined;
    let failSetup: (error: unknown) => void = () => undefined;
    const slot: Slot = {
      child,
      pid: child.pid ?? -1,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failSetup = reject;
      }),
      isReady: false,
      exited: false,
      failReady: (error) => failSetup(error),
      tasks: new Map(),
      dispatched: 0,
      calls: new Map(),
    };
    // A replacement that fails is seen through its exit; nobody may be awaiting its readiness yet.
    slot.ready.catch(() => undefined);
    child.on("message", (message: ChildMessage) => {
      switch (message.type) {
        case "booted":
          this.send(slot, {
            type: "init",
            setup: this.options.setup,
            runId: this.options.runId,
            tracing: this.options.tracing,
            retry: retryPolicy(this.options.retry),
            gate: this.options.sharedRateLimits ?? false,
          });
          return;
        case "ready": {
          const problem = this.configProblem(message.config);
          if (problem) {
            failSetup(problem);
            child.kill("SIGKILL");
            return;
          }
          slot.isReady = true;
          markReady();
          return;
        }
        case "setup-failed": {
          const error = rebuildError(message.error);
          // At start the error reaches the caller; a replacement's would otherwise go unseen.
          if (this.running) process.stderr.write(`a replacement pool child (pid ${slot.pid}) could not set up: ${error.message}\n`);
          failSetup(error);
          child.kill("SIGKILL");
          return;
        }
        case "started": {
          const pending = slot.tasks.get(message.id);
          if (!pending) return;
          pending.started = true;
          pending.attempts++;
          this.options.onTaskStarted?.({ taskId: pending.task.id, pid: slot.pid });
          return;
        }
        case "result":
        case "failure": {
          const pending = slot.tasks.get(message.id);
          slot.tasks.delete(message.id);
          if (!pending) return;
          if (message.type === "result") pending.resolve(message.record);
          else pending.reject(rebuildError(message.error));
          return;
        }
        case "ask-permit":
          this.grant(slot, message.id, message.callId, message.role);
          return;
        case "settle": {
          const call = slot.calls.get(message.callId);
          slot.calls.delete(message.callId);
          call?.settle(message.tokens);
          return;
        }
        case "retry":
          this.retries[message.reason] = (this.retries[message.reason] ?? 0) + 1;
          this.options.onRetry?.(message);
          return;
      }
    });
    child.on("error", (error) => failSetup(error));
    child.on("exit", (code, signal) => this.onExit(slot, code, signal));
    this.started.push(slot);
    return slot;
  }

  private configProblem(config: Record<string, unknown>): UserError | undefined {
    const expected = this.options.expectedConfig;
    if (!expected || configHash(config) === configHash(expected)) return undefined;
    const keys = configDifferences(expected, config);
    return new UserError(
      `the worker setup module builds a different simulation than this process (differs in: ${keys.join(", ") || "hash"}); ` +
        "give it the settings this process was built from",
      { field: keys[0] ? `config.${keys[0]}` : "setup", code: "config-mismatch" },
    );
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    slot.exited = true;
    const description = signal ? `signal ${signal}` : `exit code ${code}`;
    // Settles nothing once ready; before that, start() and waiting dispatches learn it died.
    slot.failReady(new SystemError("internal", `a pool child (pid ${slot.pid}) ended before it was ready (${description})`));
    for (const call of slot.calls.values()) call.settle(0);
    slot.calls.clear();
    const orphans = [...slot.tasks.values()];
    slot.tasks.clear();
    if (this.closing) {
      for (const pending of orphans) pending.reject(new SystemError("internal", "the process pool was closed while the task was in flight"));
      return;
    }
    this.options.onChildExit?.({ pid: slot.pid, code, signal, tasks: orphans.length });
    if (this.restarts < (this.options.maxRestarts ?? 2 * this.options.processes)) {
      this.restarts++;
      this.slots[this.slots.indexOf(slot)] = this.spawn();
    }
    for (const pending of orphans) {
      if (pending.settled || pending.context.signal.aborted) continue;
      if (!pending.started || pending.attempts < (this.options.maxTaskAttempts ?? 2)) {
        this.dispatch(pending).catch(pending.reject);
      } else {
        pending.reject(
          new SystemError(
            "transport",
            `the pool child playing task '${pending.task.id}' (pid ${slot.pid}) ended (${description}) after ${pending.attempts} attempt(s); --resume plays the task again`,
          ),
        );
      }
    }
  }

  private async dispatch(pending: PendingTask): Promise<void> {
    for (;;) {
      if (pending.settled) return;
      const live = this.slots.filter((slot) => !slot.exited);
      const ready = live.filter((slot) => slot.isReady);
      if (ready.length > 0) {
        const slot = ready.reduce((best, slot) => (slot.tasks.size < best.tasks.size ? slot : best));
        pending.started = false;
        pending.slot = slot;
        slot.tasks.set(pending.id, pending);
        slot.dispatched++;
        this.send(slot, { type: "task", id: pending.id, task: pending.task });
        return;
      }
      if (live.length === 0 || this.closing) {
        throw new SystemError(
          "internal",
          `no pool child is alive (${this.restarts} replacement(s) started, the limit); see the children's errors above, then --resume`,
        );
      }
      // Only replacements are starting: wait for the first to be ready (or to fail), then look again.
      await Promise.any(live.map((slot) => slot.ready)).catch(() => undefined);
    }
  }

  private cancel(pending: PendingTask, reason: unknown): void {
    const slot = pending.slot;
    if (slot && slot.tasks.delete(pending.id)) {
      this.send(slot, { type: "cancel", id: pending.id });
      for (const [callId, call] of slot.calls) {
        if (call.taskId !== pending.id) continue;
        slot.calls.delete(callId);
        call.settle(0);
      }
    }
    pending.reject(reason);
  }

  /** One child model call asks for a permit: take it through the runner's transport (its rate limits). */
  private grant(slot: Slot, taskId: number, callId: number, role: string): void {
    const pending = slot.tasks.get(taskId);
    const transport = pending?.context.transport;
    if (!pending || !transport) {
      this.send(slot, pending ? { type: "permit", callId } : { type: "permit", callId, error: transferError(new DOMException("the task was cancelled", "AbortError")) });
      return;
    }
    let granted = false;
    // The invoke resolves with the call's token count once the child reports it, so the rate
    // limiter debits real usage; it never fails, so no retry happens here (the child retries).
    const invoke = () =>
      new Promise<{ usage_metadata: { total_tokens: number } }>((resolve) => {
        granted = true;
        slot.calls.set(callId, { taskId, settle: (tokens) => resolve({ usage_metadata: { total_tokens: tokens } }) });
        this.send(slot, { type: "permit", callId });
      });
    transport(invoke, { role }).catch((error: unknown) => {
      if (!granted) this.send(slot, { type: "permit", callId, error: transferError(error) });
    });
  }

  private send(slot: Slot, message: ParentMessage): void {
    if (slot.exited || !slot.child.connected) return;
    try {
      slot.child.send(message);
    } catch {
      // The channel closed under us; the exit handler settles this child's tasks.
    }
  }
}

const here = fileURLToPath(import.meta.url);
const CHILD_MAIN = fileURLToPath(new URL(`./child-main${extname(here)}`, import.meta.url));

/** From source (.ts) a child needs the tsx loader; the built package runs on plain node. */
function childExecArgv(): string[] {
  if (extname(here) !== ".ts") return [];
  const loader = createRequire(import.meta.url).resolve("tsx");
  return ["--import", pathToFileURL(loader).href];
}

function retryPolicy(retry: RetryPolicy | false | undefined): TransferredRetryPolicy | false {
  if (retry === false) return false;
  const { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs } = retry ?? {};
  return { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs };
}
