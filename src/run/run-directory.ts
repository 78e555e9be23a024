import { createReadStream } from "node:fs";
import { mkdir, open, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { TrajectoryRecord } from "../schema/trajectory.js";

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
  let stream;
  try {
    await stat(path);
    stream = createReadStream(path, { encoding: "utf8" });
  } catch {
    return;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        onBadLine(line, text);
        continue;
      }
      const record = value as TrajectoryRecord;
      if (!record || typeof record !== "object" || typeof record.task_id !== "string") {
        onBadLine(line, text);
        continue;
      }
      yield { record: { task_id: record.task_id, usage: record.usage, reason: record.reason }, full: record, line };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
