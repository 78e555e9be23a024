import type { ProgressReporter, ProgressSnapshot } from "./progress-reporter.js";

/**
 * Feeds a reporter: at each `update` (a record written) and on an interval, so the rate, ETA
 * and elapsed time move while long tasks are in flight. Without a reporter it does nothing.
 */
export class ProgressTicker {
  private readonly timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly reporter: ProgressReporter | undefined,
    private readonly snapshot: () => ProgressSnapshot,
    intervalMs: number,
  ) {
    if (!reporter) return;
    this.timer = setInterval(() => this.update(), intervalMs);
    this.timer.unref();
  }

  update(): void {
    this.reporter?.update(this.snapshot());
  }

  /** Stop ticking without a last report (the run failed; its error is the news). */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stop ticking and let the reporter show the final state. */
  finish(): void {
    this.dispose();
    this.reporter?.stop(this.snapshot());
  }
}
