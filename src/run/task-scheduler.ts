import type { RunCounts, StopReason } from "./run-manifest.js";
import type { StopRules } from "./run-options.js";
import type { SourceEntry } from "./task-source.js";

/** What the stop rules read: the run's totals at this moment. */
export interface RunProgressTotals {
  accepted: number;
  tokens: number;
  cost?: number;
}

export interface TaskSchedulerOptions {
  entries: AsyncIterable<SourceEntry>;
  rules: StopRules;
  totals: () => RunProgressTotals;
  /** Task ids that already have a record (earlier sessions, and this one as it writes). */
  doneIds: ReadonlySet<string>;
  /** Where resumed skips and duplicates are counted. */
  counts: Pick<RunCounts, "resumed_skips" | "duplicates">;
  warn: (text: string) => void;
  /** Stop drawing; what is in flight finishes. */
  drain?: AbortSignal;
  /** Cancel: stop drawing at once. */
  cancel?: AbortSignal;
}

/**
 * Hands out input entries one at a time, in input order, and decides when to stop: a target
 * (never overshot: no more tasks in flight than could still be needed), a limit on entries
 * read, token and cost budgets, a drain or cancel signal, or an error. Entries of tasks that
 * already have a record (a resume) or whose id appeared earlier are skipped and counted.
 */
export class TaskScheduler {
  private readonly iterator: AsyncIterator<SourceEntry>;
  private readonly seenIds = new Set<string>();
  private reason?: StopReason;
  private exhausted = false;
  private read = 0;
  private flying = 0;
  private drawLock: Promise<unknown> = Promise.resolve();
  private wake: () => void = () => undefined;
  private changed = new Promise<void>((resolve) => (this.wake = resolve));

  constructor(private readonly options: TaskSchedulerOptions) {
    this.iterator = options.entries[Symbol.asyncIterator]();
    options.drain?.addEventListener("abort", () => this.stop("drained"), { once: true });
    options.cancel?.addEventListener("abort", () => this.stop("aborted"), { once: true });
    if (options.drain?.aborted) this.stop("drained");
    if (options.cancel?.aborted) this.stop("aborted");
  }

  /** Why drawing stopped, once it has. */
  get stopReason(): StopReason | undefined {
    return this.reason;
  }

  /** Tasks drawn and not yet released. */
  get inFlight(): number {
    return this.flying;
  }

  /** Input entries read so far (skipped ones included). */
  get entriesRead(): number {
    return this.read;
  }

  /** The next entry to work on, or undefined when the run should draw no more. Calls are serialised. */
  draw(): Promise<SourceEntry | undefined> {
    const result = this.drawLock.then(() => this.drawOnce());
    this.drawLock = result.catch(() => undefined);
    return result;
  }

  /** A task drawn earlier has its record (or was dropped): a waiting draw may go on. */
  release(): void {
    this.flying--;
    this.notify();
  }

  /** Stop drawing; the first reason given is kept. */
  stop(reason: StopReason): void {
    this.reason ??= reason;
    this.notify();
  }

  /** A target or budget that is met now. */
  budgetStop(): StopReason | undefined {
    const { rules } = this.options;
    const totals = this.options.totals();
    if (rules.target !== undefined && totals.accepted >= rules.target) return "target-reached";
    if (rules.maxTokens !== undefined && totals.tokens >= rules.maxTokens) return "token-budget";
    if (rules.maxCost !== undefined && (totals.cost ?? 0) >= rules.maxCost) return "cost-budget";
    return undefined;
  }

  /** Why the run ended, once every worker is done: a stop, a budget met by the last records, or the end of input. */
  finalStopReason(): StopReason {
    return this.reason ?? this.budgetStop() ?? "input-exhausted";
  }

  /** Let the source release what it holds (a file handle, a queue connection). */
  async close(): Promise<void> {
    await this.iterator.return?.().catch(() => undefined);
  }

  private notify(): void {
    this.wake();
    this.changed = new Promise<void>((resolve) => (this.wake = resolve));
  }

  private async drawOnce(): Promise<SourceEntry | undefined> {
    const { rules, counts } = this.options;
    for (;;) {
      if (this.reason || this.exhausted) return undefined;
      const reason = this.budgetStop();
      if (reason) {
        this.stop(reason);
        return undefined;
      }
      // With a target, never have more in flight than could still be needed.
      if (rules.target !== undefined && this.options.totals().accepted + this.flying >= rules.target) {
        await this.changed;
        continue;
      }
      if (rules.limit !== undefined && this.read >= rules.limit) {
        this.stop("limit-reached");
        return undefined;
      }
      const next = await this.iterator.next();
      if (next.done) {
        this.exhausted = true;
        return undefined;
      }
      this.read++;
      const entry = next.value;
      const id = entry.kind === "task" ? entry.task.id : entry.id;
      if (this.options.doneIds.has(id)) {
        counts.resumed_skips++;
        continue;
      }
      if (this.seenIds.has(id)) {
        counts.duplicates++;
        this.options.warn(`${where(entry)}: task id '${id}' appeared earlier in the input; skipped`);
        continue;
      }
      this.seenIds.add(id);
      if (entry.kind === "task") this.flying++;
      return entry;
    }
  }
}

/**
 * Run `concurrency` workers that draw from the scheduler until it hands out nothing more. A
 * task entry is released once its handler returns; a handler or source error stops the run.
 */
export async function runWorkers(
  scheduler: TaskScheduler,
  concurrency: number,
  handle: (entry: SourceEntry) => Promise<void>,
  onError: (error: unknown) => void,
): Promise<void> {
  const worker = async () => {
    try {
      for (;;) {
        const entry = await scheduler.draw();
        if (!entry) return;
        try {
          await handle(entry);
        } finally {
          if (entry.kind === "task") scheduler.release();
        }
      }
    } catch (error) {
      onError(error);
      scheduler.stop("error");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
}

function where(entry: SourceEntry): string {
  return [entry.position.origin, entry.position.line].filter((part) => part !== undefined).join(":") || "input";
}
