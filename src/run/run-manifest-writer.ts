import type { InputFingerprint } from "./input-fingerprint.js";
import { writeManifest, type RunCounts, type RunManifest, type RunStatus, type StopReason } from "./run-manifest.js";
import { runVersions } from "./run-versions.js";
import type { LedgerSummary } from "./usage-ledger.js";

type Session = RunManifest["timings"]["sessions"][number];

/** The parts of the manifest that change while a run goes on. */
export interface ManifestState {
  counts: RunCounts;
  usage: LedgerSummary;
  retries: Record<string, number>;
  warnings: string[];
  /** Records written by this session. */
  sessionRecords: number;
  stopReason?: StopReason;
  error?: string;
}

export interface ManifestWriterOptions {
  path: string;
  input: string;
  inputFingerprint?: InputFingerprint;
  config: Record<string, unknown>;
  configHash: string;
  /** The manifest of earlier sessions: its start, elapsed time and sessions carry on. */
  previous?: RunManifest;
  /** This session's run id (recorded in its session entry). */
  runId?: string;
  /** Fields beside the standard ones (a queue's address). */
  extra?: Record<string, unknown>;
  state: () => ManifestState | Promise<ManifestState>;
  /** A write that failed: the run goes on, and says so. */
  onError: (text: string) => void;
}

/**
 * manifest.json of a run: built from the run's state on demand, written whole (never half),
 * one write at a time in call order, and refreshed at an interval while the run goes on.
 */
export class RunManifestWriter {
  private readonly versions = runVersions();
  private readonly startedAt = new Date();
  private readonly startTime = performance.now();
  private readonly session: Session;
  private readonly sessions: Session[];
  private writes: Promise<void> = Promise.resolve();
  private refresher?: ReturnType<typeof setInterval>;

  constructor(private readonly options: ManifestWriterOptions) {
    this.session = { started_at: this.startedAt.toISOString(), records: 0, ...(options.runId !== undefined ? { run_id: options.runId } : {}) };
    this.sessions = [...(options.previous?.timings.sessions ?? []), this.session];
  }

  /** The manifest as it stands, with `status`; a stop reason is given only once the run is no longer running. */
  async build(status: RunStatus): Promise<RunManifest> {
    const state = await this.options.state();
    const { previous } = this.options;
    this.session.records = state.sessionRecords;
    const allElapsed = (previous?.timings.elapsed_ms ?? 0) + (performance.now() - this.startTime);
    return {
      manifest_version: 1,
      status,
      stop_reason: status === "running" ? undefined : state.stopReason,
      input: this.options.input,
      ...this.options.extra,
      ...(this.options.inputFingerprint ? { input_fingerprint: this.options.inputFingerprint } : {}),
      config: this.options.config,
      config_hash: this.options.configHash,
      counts: { ...state.counts, rejected_by_reason: { ...state.counts.rejected_by_reason } },
      usage: state.usage,
      retries: { ...state.retries },
      timings: {
        started_at: previous?.timings.started_at ?? this.startedAt.toISOString(),
        updated_at: new Date().toISOString(),
        elapsed_ms: Math.round(allElapsed),
        sessions: this.sessions.map((session) => ({ ...session })),
        records_per_second: allElapsed > 0 ? round((this.sessions.reduce((sum, item) => sum + item.records, 0) / allElapsed) * 1000) : 0,
      },
      versions: this.versions,
      warnings: [...state.warnings],
      ...(state.error !== undefined ? { error: state.error } : {}),
    };
  }

  /** Write the manifest after any write already queued; a failure is reported, never thrown. */
  save(status: RunStatus): Promise<void> {
    this.writes = this.writes
      .then(async () => writeManifest(this.options.path, await this.build(status)))
      .catch((error) => this.options.onError(`could not write manifest: ${error instanceof Error ? error.message : String(error)}`));
    return this.writes;
  }

  /** Rewrite the running manifest every `intervalMs` until `stopRefreshing`. */
  refreshEvery(intervalMs: number): void {
    this.stopRefreshing();
    this.refresher = setInterval(() => void this.save("running"), intervalMs);
    this.refresher.unref();
  }

  stopRefreshing(): void {
    if (this.refresher) clearInterval(this.refresher);
    this.refresher = undefined;
  }

  /** This session is over: its entry gets an end time. */
  endSession(): void {
    this.session.ended_at = new Date().toISOString();
  }
}

/** The run's warnings plus one per model the price table does not know. */
export function manifestWarnings(warnings: readonly string[], unpricedModels: Iterable<string>): string[] {
  return [...warnings, ...[...unpricedModels].map((model) => `no price for model '${model}'; cost is not known`)];
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
