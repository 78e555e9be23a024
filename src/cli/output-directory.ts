import { acquireRunLock, type RunLock } from "../run/run-lock.js";
import { clearOutputFiles, guardOutputDirectory } from "../run/output-guard.js";

export interface ClaimOptions {
  /** The files this command writes in the directory. */
  files: readonly string[];
  /** What the command reads; none of it may be a file it writes. */
  inputs?: string[];
  overwrite?: boolean;
  resume?: boolean;
  command: string;
}

/**
 * Make an output directory this command's before anything is written: refuse earlier output
 * (unless --resume or --overwrite) and inputs among the files to write, take the run lock, and
 * only then clear earlier output when --overwrite asks for it. Release the lock when done.
 */
export async function claimOutputDirectory(dir: string, options: ClaimOptions): Promise<RunLock> {
  const existing = await guardOutputDirectory(dir, options);
  const lock = await acquireRunLock(dir, { command: options.command, warn: (text) => process.stderr.write(`warning: ${text}\n`) });
  try {
    if (options.overwrite && existing.length > 0) await clearOutputFiles(dir, options.files);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return lock;
}

/** Run `body` holding the directory, releasing it however `body` ends. */
export async function withOutputDirectory<T>(dir: string, options: ClaimOptions, body: () => Promise<T>): Promise<T> {
  const lock = await claimOutputDirectory(dir, options);
  try {
    return await body();
  } finally {
    await lock.release();
  }
}
