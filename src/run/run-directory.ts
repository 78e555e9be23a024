import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { readJsonl } from "../util/jsonl-reader.js";

/** The files of one run directory (DESIGN §4). */
export interface RunPaths {
  dir: string;
  trajectories: string;
  rejected: string;
  manifest: string;
}

export function runPaths(dir: string): RunPaths {
  return {
    dir,
    trajectories: join(dir, "trajectories.jsonl"),
    rejected: join(dir, "rejected.jsonl"),
    manifest: join(dir, "manifest.json"),
  };
}

export async function ensureRunDirectory(dir: string): Promise<RunPaths> {
  await mkdir(dir, { recursive: true });
  return runPaths(dir);
}

/**
 * Cut a torn last line (a crash mid-write leaves text without its newline) so appends start
 * on a clean line. Returns how many bytes were dropped (0 when the file was whole or absent).
 */
export async function repairTornTail(path: string): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return 0;
  }
  if (size === 0) return 0;
  const handle = await open(path, "r+");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    // Walk back from the end to the last newline.
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep < size) await handle.truncate(keep);
        return size - keep;
      }
      end = start;
    }
    await handle.truncate(0);
    return size;
  } finally {
    await handle.close();
  }
}

/**
 * Remove the rejections marked `meta.retryable` (transport failures) from a rejected.jsonl, so
 * a resume tries those tasks again and every task id still ends up in exactly one file. The
 * file is rewritten beside itself and renamed over the original, so a crash leaves one or the other.
 */
export async function dropRetryableRejections(path: string): Promise<number> {
  try {
    await stat(path);
  } catch {
    return 0;
  }
  const temporary = `${path}.tmp`;
  const out = createWriteStream(temporary, { encoding: "utf8" });
  let dropped = 0;
  try {
    // Lines that do not parse are kept as they are: this pass only removes retryable rejections.
    for await (const { text, value } of readJsonl(path)) {
      if (isRetryable(value)) {
        dropped++;
        continue;
      }
      if (!out.write(`${text}\n`)) await once(out, "drain");
    }
  } finally {
    out.end();
    await once(out, "finish");
  }
  if (dropped > 0) await rename(temporary, path);
  else await rm(temporary, { force: true });
  return dropped;
}

function isRetryable(value: unknown): boolean {
  return (value as { meta?: { retryable?: unknown } } | undefined)?.meta?.retryable === true;
}

/** A record line of an earlier session, reduced to what resume and the ledger need. */
export interface RecordedLine {
  record: Pick<TrajectoryRecord, "task_id" | "usage" | "reason">;
  /** The whole record as parsed (not kept by the reader; for checks that must see it once). */
  full: TrajectoryRecord;
  line: number;
}

/**
 * Stream the records of a JSONL output file. Lines that are not JSON records (which only a
 * hand edit can produce once the tail is repaired) are passed to `onBadLine` and skipped.
 */
export async function* readRecordedLines(
  path: string,
  onBadLine: (line: number, text: string) => void = () => undefined,
): AsyncIterable<RecordedLine> {
  try {
    await stat(path);
  } catch {
    return;
  }
  for await (const entry of readJsonl(path)) {
    const { line, text } = entry;
    if (entry.error) {
      onBadLine(line, entry.problem === "encoding" ? "" : text);
      continue;
    }
    const record = entry.value as TrajectoryRecord;
    if (!record || typeof record !== "object" || typeof record.task_id !== "string") {
      onBadLine(line, text);
      continue;
    }
    yield { record: { task_id: record.task_id, usage: record.usage, reason: record.reason }, full: record, line };
  }
}
