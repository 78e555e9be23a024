import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

/** What a run directory remembers of its task file, to refuse resuming with a different one. */
export interface InputFingerprint {
  bytes: number;
  sha256: string;
}

/** The size and SHA-256 of the first `bytes` bytes of `file` (all of it by default). */
export async function fingerprintFile(file: string, bytes?: number): Promise<InputFingerprint> {
  const size = (await stat(file)).size;
  const length = Math.min(bytes ?? size, size);
  const hash = createHash("sha256");
  if (length > 0) for await (const chunk of createReadStream(file, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
  return { bytes: length, sha256: hash.digest("hex") };
}

/**
 * True when `file` still starts with the content that was fingerprinted: the same file, or the
 * same file with tasks appended (the runner suggests adding tasks and resuming).
 */
export async function sameInput(file: string, before: InputFingerprint): Promise<boolean> {
  const size = (await stat(file)).size;
  if (size < before.bytes) return false;
  return (await fingerprintFile(file, before.bytes)).sha256 === before.sha256;
}
