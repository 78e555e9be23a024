import { readFileSync, unlinkSync } from "node:fs";
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { resolveRealPath } from "./output-guard.js";

/** The lock file in a run directory; it holds who writes there. */
export const RUN_LOCK_FILE = "run.lock";

export interface RunLockOwner {
  pid: number;
  hostname: string;
  started_at: string;
  command?: string;
}

export interface RunLock {
  /** Where the lock file is. */
  path: string;
  /** Set when a stale lock (its process gone) was taken over. */
  takenOver?: RunLockOwner;
  release(): Promise<void>;
}

interface Held {
  path: string;
  holders: number;
}

/** Locks this process holds, by real directory path: `run` holds one across construct and simulate. */
const held = new Map<string, Held>();
let exitHookInstalled = false;

/**
 * Take the exclusive lock on a run directory: one writer at a time (DESIGN §5b). The lock file is
 * created atomically (O_EXCL), so of two processes racing, exactly one wins. A lock whose process
 * is gone (same host, pid not alive) is stale: it is taken over with a warning. A live one
 * refuses with its pid, host and start time. Nested calls in one process share the lock.
 */
export async function acquireRunLock(dir: string, options: { warn?: (text: string) => void; command?: string } = {}): Promise<RunLock> {
  await mkdir(dir, { recursive: true });
  const real = await resolveRealPath(dir);
  const path = join(real, RUN_LOCK_FILE);
  const mine = held.get(real);
  if (mine) {
    mine.holders++;
    return { path, release: async () => releaseHeld(real) };
  }
  const owner: RunLockOwner = { pid: process.pid, hostname: hostname(), started_at: new Date().toISOString(), command: options.command };
  let takenOver: RunLockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await handle.close();
      }
      held.set(real, { path, holders: 1 });
      installExitHook();
      return { path, takenOver, release: async () => releaseHeld(real) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = await readOwner(path);
    if (current && isAlive(current)) {
      throw new UserError(
        `${dir} is in use by process ${current.pid} on ${current.hostname} (since ${current.started_at}). ` +
          `Wait for it to finish or stop it; if that process is gone, delete ${path}.`,
        { file: path, code: "invalid-config" },
      );
    }
    takenOver = current;
    options.warn?.(
      current
        ? `took over a stale lock in ${dir}: process ${current.pid} on ${current.hostname} (since ${current.started_at}) is no longer running`
        : `took over an unreadable lock file in ${dir}`,
    );
    await unlink(path).catch(() => undefined);
  }
  throw new UserError(`could not take the lock ${path}: another process keeps taking it`, { file: path, code: "invalid-config" });
}

/** Who holds the lock of `dir`, if anyone (the file may be stale). */
export async function readRunLock(dir: string): Promise<RunLockOwner | undefined> {
  return readOwner(join(dir, RUN_LOCK_FILE));
}

async function readOwner(path: string): Promise<RunLockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as Partial<RunLockOwner>;
    if (typeof value.pid !== "number" || typeof value.hostname !== "string") return undefined;
    return { pid: value.pid, hostname: value.hostname, started_at: String(value.started_at ?? "?"), command: value.command };
  } catch (error) {
    // Missing means it was just released; unreadable (torn by a crash) counts as stale.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return undefined;
  }
}

/** A lock from another host cannot be checked from here: it counts as alive. */
function isAlive(owner: RunLockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function releaseHeld(real: string): Promise<void> {
  const entry = held.get(real);
  if (!entry) return;
  entry.holders--;
  if (entry.holders > 0) return;
  held.delete(real);
  if (ownedByThisProcess(entry.path)) await unlink(entry.path).catch(() => undefined);
}

function ownedByThisProcess(path: string): boolean {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<RunLockOwner>;
    return value.pid === process.pid && value.hostname === hostname();
  } catch {
    return false;
  }
}

/**
 * Whatever way the process ends, its locks go with it: on exit (process.exit included), and on
 * SIGINT/SIGTERM when nothing else handles them (a run drains on its own and releases in order).
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", releaseAllSync);
  for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15]] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      releaseAllSync();
      process.exit(128 + number);
    };
    process.on(signal, onSignal);
  }
}

function releaseAllSync(): void {
  for (const entry of held.values()) {
    if (!ownedByThisProcess(entry.path)) continue;
    try {
      unlinkSync(entry.path);
    } catch {
      // Already gone.
    }
  }
  held.clear();
}
