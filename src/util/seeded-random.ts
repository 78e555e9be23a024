import { hash } from "node:crypto";

/**
 * Deterministic choices for the simulator: every choice is a hash of the seed and the
 * inputs that led to it, so the same seed and input always give the same output, and
 * unrelated inputs do not shift each other's choices (unlike a shared PRNG stream).
 */
export class SeededRandom {
  constructor(private readonly seed: number | string) {}

  /** A float in [0, 1) derived from the seed and the given parts. */
  unit(...parts: unknown[]): number {
    // One-shot hash of the same bytes as hashing seed, NUL and parts in turn: no Hash object per choice.
    const digest = hash("sha256", `${String(this.seed)}\u0000${JSON.stringify(parts)}`, "buffer");
    return digest.readUInt32BE(0) / 0x1_0000_0000;
  }

  integer(min: number, max: number, ...parts: unknown[]): number {
    return min + Math.floor(this.unit(...parts) * (max - min + 1));
  }

  pick<T>(items: readonly T[], ...parts: unknown[]): T {
    if (items.length === 0) throw new Error("SeededRandom.pick needs at least one item");
    return items[Math.floor(this.unit(...parts) * items.length)]!;
  }

  /** An alphanumeric token of the given length, e.g. for call ids. */
  token(length: number, ...parts: unknown[]): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let out = "";
    for (let index = 0; index < length; index++) {
      out += alphabet[Math.floor(this.unit(...parts, index) * alphabet.length)];
    }
    return out;
  }
}
