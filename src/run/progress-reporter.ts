import cliProgress from "cli-progress";

/** What the runner knows at a moment; reporters decide how to show it. */
export interface ProgressSnapshot {
  done: number;
  accepted: number;
  rejected: number;
  /** The expected end value of `done` (or of `accepted` with a target), when known. */
  total?: number;
  /** Whether `total` counts accepted trajectories (a `--target`) rather than finished tasks. */
  totalIsTarget: boolean;
  /** Records finished in this session (the rate counts only these). */
  sessionDone: number;
  sessionAccepted: number;
  elapsedMs: number;
  tokens: number;
  cost?: number;
  /**
   * A stage other than simulation (`construct`): the line and bar name it, count `done` in
   * `unit` (e.g. `tasks written`), and show the elapsed time.
   */
  stage?: string;
  unit?: string;
}

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(snapshot: ProgressSnapshot): void;
}

export function describeRate(snapshot: ProgressSnapshot): { rate: number; etaSeconds?: number } {
  const seconds = snapshot.elapsedMs / 1000;
  const rate = seconds > 0 ? snapshot.sessionDone / seconds : 0;
  if (snapshot.total === undefined || rate === 0) return { rate };
  if (snapshot.totalIsTarget) {
    const acceptRate = seconds > 0 ? snapshot.sessionAccepted / seconds : 0;
    return { rate, etaSeconds: acceptRate > 0 ? Math.max(0, snapshot.total - snapshot.accepted) / acceptRate : undefined };
  }
  return { rate, etaSeconds: Math.max(0, snapshot.total - snapshot.done) / rate };
}

export function formatProgressLine(snapshot: ProgressSnapshot): string {
  const { rate, etaSeconds } = describeRate(snapshot);
  const total = snapshot.total === undefined ? "" : snapshot.totalIsTarget ? ` (target ${snapshot.total} accepted)` : `/${snapshot.total}`;
  if (snapshot.stage !== undefined) {
    return `${snapshot.stage}: ${snapshot.unit ?? "done"} ${snapshot.done}${total} | ${stageDetails(snapshot, rate, etaSeconds)}`;
  }
  const parts = [
    `done ${snapshot.done}${total}`,
    `accepted ${snapshot.accepted}`,
    `rejected ${snapshot.rejected}`,
    `${rate.toFixed(2)}/s`,
    `ETA ${formatDuration(etaSeconds)}`,
    `tokens ${formatCount(snapshot.tokens)}`,
  ];
  if (snapshot.cost !== undefined) parts.push(`cost ${snapshot.cost.toFixed(4)}`);
  return parts.join(" | ");
}

/** A live bar for terminals (cli-progress redraws one line in place). */
export class TerminalProgress implements ProgressReporter {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{prefix}{bar} {value}/{total}{details}",
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(snapshot: ProgressSnapshot): void {
    const { rate, etaSeconds } = describeRate(snapshot);
    const value = snapshot.totalIsTarget ? snapshot.accepted : snapshot.done;
    const payload =
      snapshot.stage === undefined
        ? {
            prefix: "",
            details: ` | accepted ${snapshot.accepted} | rejected ${snapshot.rejected} | ${rate.toFixed(2)}/s | ETA ${formatDuration(etaSeconds)} | tokens ${formatCount(snapshot.tokens)}`,
          }
        : { prefix: `${snapshot.stage}: `, details: ` ${snapshot.unit ?? "done"} | ${stageDetails(snapshot, rate, etaSeconds)}` };
    const total = snapshot.total ?? Math.max(value, 1);
    if (!this.started) {
      this.bar.start(total, value, payload);
      this.started = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(value, payload);
    }
  }

  stop(snapshot: ProgressSnapshot): void {
    this.update(snapshot);
    this.bar.stop();
  }
}

/** Plain lines at an interval, for logs and CI (no control characters). */
export class LineProgress implements ProgressReporter {
  private lastWrite = -Infinity;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly intervalMs = 10_000,
  ) {}

  update(snapshot: ProgressSnapshot): void {
    if (snapshot.elapsedMs - this.lastWrite < this.intervalMs) return;
    this.lastWrite = snapshot.elapsedMs;
    this.write(`[button] ${formatProgressLine(snapshot)}`);
  }

  stop(snapshot: ProgressSnapshot): void {
    this.write(`[button] ${formatProgressLine(snapshot)}`);
  }
}

/** A bar on a terminal, periodic lines otherwise. */
export function defaultProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? new TerminalProgress(stream) : new LineProgress((line) => stream.write(`${line}\n`));
}

/** The reporter a `progress` option asks for: `true`/`"auto"` the default one, `false`/absent none, or the caller's own. */
export function resolveProgressReporter(progress: boolean | "auto" | ProgressReporter | undefined): ProgressReporter | undefined {
  if (progress === false || progress === undefined) return undefined;
  if (progress === true || progress === "auto") return defaultProgress();
  return progress;
}

function stageDetails(snapshot: ProgressSnapshot, rate: number, etaSeconds: number | undefined): string {
  const parts = [`rejected ${snapshot.rejected}`, `${rate.toFixed(2)}/s`, `ETA ${formatDuration(etaSeconds)}`, `tokens ${formatCount(snapshot.tokens)}`];
  if (snapshot.cost !== undefined) parts.push(`cost ${snapshot.cost.toFixed(4)}`);
  parts.push(`elapsed ${formatDuration(snapshot.elapsedMs / 1000)}`);
  return parts.join(" | ");
}

function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "?";
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

function formatCount(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(2)}M`;
  if (count >= 10_000) return `${(count / 1000).toFixed(1)}k`;
  return String(count);
}
