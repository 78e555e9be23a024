import { open, type FileHandle } from "node:fs/promises";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import type { RecordSink } from "./record-sink.js";
import { redactSecrets } from "../util/secret-redaction.js";

export interface JsonlRecordSinkOptions {
  /**
   * How often to flush the file to disk (fdatasync), in ms. A killed process loses nothing
   * either way (written lines sit in the OS cache); this bounds what a power loss can take.
   */
  syncIntervalMs?: number;
}

/**
 * Appends one JSON line per record. Each line goes out in one append write, serialised, so
 * lines never interleave and a SIGKILL leaves at most a torn last line (repaired on resume).
 */
export class JsonlRecordSink implements RecordSink {
  private handle?: Promise<FileHandle>;
  private queue: Promise<void> = Promise.resolve();
  private lastSync = 0;
  private readonly syncIntervalMs: number;

  constructor(
    readonly path: string,
    options: JsonlRecordSinkOptions = {},
  ) {
    this.syncIntervalMs = options.syncIntervalMs ?? 1_000;
  }

  write(record: TrajectoryRecord): Promise<void> {
    // A server may echo the API key in an error body that ends up in the record.
    const line = Buffer.from(`${redactSecrets(JSON.stringify(record))}\n`, "utf8");
    const next = this.queue.then(async () => {
      const handle = await this.file();
      let offset = 0;
      // A short write is rare but legal: keep going until the whole line is out.
      while (offset < line.length) {
        const { bytesWritten } = await handle.write(line, offset, line.length - offset);
        offset += bytesWritten;
      }
      const now = Date.now();
      if (now - this.lastSync >= this.syncIntervalMs) {
        this.lastSync = now;
        await handle.datasync();
      }
    });
    // Keep the chain alive after a failure; the caller of this write still sees the error.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    if (!this.handle) return;
    const handle = await this.handle;
    this.handle = undefined;
    await handle.datasync();
    await handle.close();
  }

  private file(): Promise<FileHandle> {
    this.handle ??= open(this.path, "a");
    return this.handle;
  }
}
