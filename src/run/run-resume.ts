import { UserError } from "../errors.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { sameInput } from "./input-fingerprint.js";
import { dropRetryableRejections, readRecordedLines, repairTornTail, type RecordedLine, type RunPaths } from "./run-directory.js";
import { configDifferences, readManifest, type RunManifest } from "./run-manifest.js";

/** What decides whether a run directory may be continued. */
export interface ResumeRequest {
  paths: RunPaths;
  /** Continue the run in the directory (without it, a directory holding a run is refused). */
  resume?: boolean;
  /** Continue even though the config or the task file changed. */
  force?: boolean;
  config: Record<string, unknown>;
  configHash: string;
  /** The task file, when the input is one: a resume must read the same content (appended is fine). */
  tasksFile?: string;
  warn: (text: string) => void;
}

/** A record an earlier session wrote, and whether it is in the accepted file. */
export interface EarlierRecord extends RecordedLine {
  file: string;
  accepted: boolean;
}

/**
 * Check the directory against the resume rules (a fresh run needs an empty directory; a resume
 * the same config and task file unless forced), then make it safe to append to: cut torn last
 * lines and drop rejections a resume should retry. Returns the earlier manifest, if any.
 */
export async function prepareResume(request: ResumeRequest): Promise<RunManifest | undefined> {
  const { paths, warn } = request;
  const manifest = await readManifest(paths.manifest);
  const hasRecords = await holdsRecords(paths);
  if (!request.resume) {
    if (manifest || hasRecords) {
      throw new UserError(`${paths.dir} already holds a run. Pass --resume to continue it, or choose another --out directory.`, {
        code: "invalid-config",
      });
    }
    return undefined;
  }
  if (manifest && manifest.config_hash !== request.configHash && !request.force) {
    const keys = configDifferences(manifest.config ?? {}, request.config);
    throw new UserError(
      `cannot resume: the run was started with a different config (differs in: ${keys.join(", ") || "hash"}). ` +
        `Rerun with the original settings, or pass --force to resume with the new ones.`,
      { file: paths.manifest, field: keys[0] ? `config.${keys[0]}` : "config_hash", code: "config-mismatch" },
    );
  }
  if (manifest?.input_fingerprint && request.tasksFile !== undefined && !request.force) {
    if (!(await sameInput(request.tasksFile, manifest.input_fingerprint))) {
      throw new UserError(
        `cannot resume: ${request.tasksFile} is not the task file this run was started with (${manifest.input}); ` +
          `its content differs (appending tasks is fine, changing them is not). Use the original file, or pass --force.`,
        { file: request.tasksFile, field: "input_fingerprint", code: "config-mismatch" },
      );
    }
  }
  if (!manifest && hasRecords) warn(`${paths.manifest} was missing; resuming from the record files alone`);
  await repairTornTails(paths, warn, "run");
  const retried = await dropRetryableRejections(paths.rejected);
  if (retried > 0) warn(`${retried} task(s) that failed in transport last time are tried again`);
  return manifest;
}

/** Cut a torn last line (a crash mid-append) off both record files. */
export async function repairTornTails(paths: RunPaths, warn: (text: string) => void, writer: "run" | "collector"): Promise<void> {
  for (const file of [paths.trajectories, paths.rejected]) {
    const dropped = await repairTornTail(file);
    if (dropped > 0) warn(`${file}: removed a torn last line (${dropped} bytes) left by an interrupted ${writer}`);
  }
}

/** Whether either record file holds at least one record. */
export async function holdsRecords(paths: RunPaths): Promise<boolean> {
  for (const file of [paths.trajectories, paths.rejected]) {
    for await (const _ of readRecordedLines(file)) return true;
  }
  return false;
}

/** The records of both files, accepted first; a line that is not a record goes to `onBadLine`. */
export async function* earlierRecords(paths: RunPaths, onBadLine: (file: string, line: number) => void): AsyncIterable<EarlierRecord> {
  for (const file of [paths.trajectories, paths.rejected]) {
    for await (const line of readRecordedLines(file, (number) => onBadLine(file, number))) {
      yield { ...line, file, accepted: file === paths.trajectories };
    }
  }
}

/** Where replayed records go: the tally, and the duplicate checks that must know what was accepted. */
export interface ReplayTarget {
  doneIds: ReadonlySet<string>;
  replay(record: RecordedLine["record"], accepted: boolean): void;
  /** Told each accepted record, so a resume cannot let a repeat of it in. */
  remember?: (record: TrajectoryRecord) => void;
  /** A task with a second record: the first is kept. */
  onRepeat?: (file: string, taskId: string) => void;
}

/** Feed earlier records into a run's tally, each task id once. */
export async function replayRecords(records: AsyncIterable<EarlierRecord>, target: ReplayTarget): Promise<void> {
  for await (const { record, full, file, accepted } of records) {
    if (target.doneIds.has(record.task_id)) {
      target.onRepeat?.(file, record.task_id);
      continue;
    }
    if (accepted) target.remember?.(full);
    target.replay(record, accepted);
  }
}

/** The warning for a line of a record file that is not a whole record. */
export function badRecordLine(file: string, line: number): string {
  return `${file}:${line}: a torn or corrupt line (not a whole JSON record, or not UTF-8); it is ignored and its task, if any, runs again`;
}
