import { WaitingError, Worker, type Job } from "bullmq";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { SourceEntry, TaskSource } from "../task-source.js";
import type { QueueConnection } from "./queue-connection.js";
import { QUEUE_PREFIX } from "./queue-connection.js";
import type { QueueJobData, QueueJobResult } from "./queue-run.js";

export interface QueueTaskSourceOptions {
  /** Jobs held at once; match the runner's concurrency so no job waits unclaimed. */
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal (default 30 s). A live worker renews it every
   * half period; a dead worker's jobs go back to the queue once it lapses and a stalled check
   * (every `lockDurationMs` on any worker) finds them.
   */
  lockDurationMs?: number;
  /** Times a job may be recovered from a dead worker before it is failed for good (default 3). */
  maxStalledCount?: number;
  /** Asked before each task is handed out: a shared budget or target that is met ends the source. */
  shouldStop?: () => Promise<string | undefined>;
  /** Records that need no simulation (input lines that are not tasks) go straight here. */
  passThrough: (record: TrajectoryRecord) => Promise<void>;
  /** Called with BullMQ worker errors (lost connection, …). */
  onError?: (error: Error) => void;
}

interface Claim {
  job: Job<QueueJobData, QueueJobResult>;
  token?: string;
  /** The processor calls waiting on this task (more than one only if our lock lapsed and we got it back). */
  waiters: { resolve: (result: QueueJobResult) => void; reject: (error: Error) => void }[];
  handedOut: boolean;
}

/**
 * Tasks from a BullMQ queue, as a `TaskSource` for the ordinary runner. A BullMQ worker claims
 * jobs (lock renewal and the recovery of dead workers' jobs are BullMQ's); each claimed job is
 * handed to the runner as an entry and stays active until the runner writes its record through
 * `complete` (the queue record sink). The source ends when no job is waiting and no other
 * worker holds one — a job of a worker that died returns to the queue, so until then we wait.
 */
export class QueueTaskSource implements TaskSource {
  private worker?: Worker<QueueJobData, QueueJobResult>;
  private readonly claims = new Map<string, Claim>();
  private readonly arrivals: Claim[] = [];
  private wake: () => void = () => undefined;
  private stopped = false;
  /** Ids handed to the runner in this session (the runner skips an id it has seen). */
  private readonly handedOutIds = new Set<string>();
  /** Why the source ended early (a shared budget or target), if it did. */
  stopReason?: string;
  /**
   * A task this session already handed out came back (it failed in transport and BullMQ retries
   * it): the runner would skip it as done, so the source ends and the worker starts a new session.
   */
  needsNewSession = false;

  constructor(
    private readonly connection: QueueConnection,
    private readonly options: QueueTaskSourceOptions,
  ) {}

  get description(): string {
    return this.connection.address.text;
  }

  async count(): Promise<number | undefined> {
    const counts = await this.connection.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "completed", "failed");
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  async *entries(): AsyncIterable<SourceEntry> {
    this.start();
    try {
      for (;;) {
        const claim = this.arrivals.shift();
        if (!claim) {
          if (await this.finished()) return;
          await this.nextArrival(1_000);
          continue;
        }
        const data = claim.job.data;
        if (data.kind === "invalid") {
          await this.options.passThrough(data.record);
          continue;
        }
        if (this.handedOutIds.has(data.task.id)) {
          this.needsNewSession = true;
          await this.release(claim);
          return;
        }
        const reason = await this.options.shouldStop?.();
        if (reason) {
          this.stopReason = reason;
          await this.release(claim);
          return;
        }
        claim.handedOut = true;
        this.handedOutIds.add(data.task.id);
        yield { kind: "task", task: data.task, position: { origin: this.connection.address.text, line: data.line } };
      }
    } finally {
      // Stop claiming; tasks already handed out still finish and are completed through the sink.
      await this.stopClaiming();
    }
  }

  /** Hand a task's result to BullMQ, which marks the job completed. */
  complete(taskId: string, result: QueueJobResult): void {
    const claim = this.claims.get(taskId);
    if (!claim) return;
    this.claims.delete(taskId);
    for (const waiter of claim.waiters) waiter.resolve(result);
  }

  /**
   * Give a task back as failed: BullMQ retries it later (with backoff, possibly on another
   * worker) while attempts remain, and then leaves it in the failed set for the collector.
   */
  fail(taskId: string, error: Error): void {
    const claim = this.claims.get(taskId);
    if (!claim) return;
    this.claims.delete(taskId);
    for (const waiter of claim.waiters) waiter.reject(error);
  }

  /** Return every job not completed to the queue (untouched, no attempt spent) and close the worker. */
  async shutdown(): Promise<void> {
    await this.stopClaiming();
    for (const claim of [...this.claims.values()]) await this.release(claim);
    await this.worker?.close().catch(() => undefined);
  }

  private start(): void {
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    this.worker = new Worker<QueueJobData, QueueJobResult>(this.connection.address.name, (job, token) => this.receive(job, token), {
      connection: this.connection.redisOptions,
      prefix: QUEUE_PREFIX,
      concurrency: this.options.concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: this.options.maxStalledCount ?? 3,
      // Long-poll for a second at most, so the end of the queue is noticed soon.
      drainDelay: 1,
    });
    this.worker.on("error", (error) => this.options.onError?.(error));
  }

  private receive(job: Job<QueueJobData, QueueJobResult>, token: string | undefined): Promise<QueueJobResult> {
    const taskId = job.data.kind === "task" ? job.data.task.id : job.data.id;
    return new Promise<QueueJobResult>((resolve, reject) => {
      const held = this.claims.get(taskId);
      if (held) {
        // Our lock lapsed (a long event-loop stall) and the job came back to us: the attempt in
        // flight will complete it, under the new lock.
        held.job = job;
        held.token = token;
        held.waiters.push({ resolve, reject });
        return;
      }
      const claim: Claim = { job, token, waiters: [{ resolve, reject }], handedOut: false };
      this.claims.set(taskId, claim);
      if (this.stopped) {
        void this.release(claim);
        return;
      }
      this.arrivals.push(claim);
      this.wake();
    });
  }

  private async release(claim: Claim): Promise<void> {
    const data = claim.job.data;
    const taskId = data.kind === "task" ? data.task.id : data.id;
    if (this.claims.get(taskId) === claim) this.claims.delete(taskId);
    const index = this.arrivals.indexOf(claim);
    if (index >= 0) this.arrivals.splice(index, 1);
    try {
      await claim.job.moveToWait(claim.token);
    } catch {
      // The lock is gone already; the stalled check returns the job instead.
    }
    for (const waiter of claim.waiters) waiter.reject(new WaitingError());
  }

  private async stopClaiming(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.worker?.pause(true).catch(() => undefined);
    for (const claim of [...this.arrivals]) await this.release(claim);
  }

  /** Nothing waiting anywhere, and no job active except our own. */
  private async finished(): Promise<boolean> {
    const counts = await this.connection.queue.getJobCounts("waiting", "delayed", "prioritized", "active");
    const othersActive = (counts.active ?? 0) - this.claims.size;
    const waiting = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
    return waiting === 0 && othersActive <= 0 && this.arrivals.length === 0;
  }

  private nextArrival(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = () => undefined;
        resolve();
      };
    });
  }
}
