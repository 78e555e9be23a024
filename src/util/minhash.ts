import { createHash, hash } from "node:crypto";

/**
 * Lexical near-duplicate detection that needs no model: MinHash signatures over word
 * shingles estimate Jaccard similarity, and LSH banding finds candidate pairs without
 * comparing every pair. Used offline for scenarios, functions and trajectories.
 */
export interface MinHashOptions {
  /** Words per shingle (default 2; 1 for very short texts such as scenarios). */
  shingleSize?: number;
  /** Signature length (default 64). */
  permutations?: number;
}

const MERSENNE = 4294967311; // a prime above 2^32

export class MinHasher {
  readonly shingleSize: number;
  readonly permutations: number;
  /** Per permutation: a, a × 2^16 mod p, and b of the hash (a·x + b) mod p. */
  private readonly multipliers: Float64Array;
  private readonly shiftedMultipliers: Float64Array;
  private readonly offsets: Float64Array;

  constructor(options: MinHashOptions = {}) {
    this.shingleSize = options.shingleSize ?? 2;
    this.permutations = options.permutations ?? 64;
    this.multipliers = new Float64Array(this.permutations);
    this.shiftedMultipliers = new Float64Array(this.permutations);
    this.offsets = new Float64Array(this.permutations);
    for (let index = 0; index < this.permutations; index++) {
      const digest = createHash("sha256").update(`minhash-${index}`).digest();
      const a = (digest.readUInt32BE(0) % (MERSENNE - 1)) + 1;
      this.multipliers[index] = a;
      this.shiftedMultipliers[index] = (a * 65536) % MERSENNE;
      this.offsets[index] = digest.readUInt32BE(4) % MERSENNE;
    }
  }

  shingles(text: string): Set<string> {
    const words = normaliseWords(text);
    const size = Math.min(this.shingleSize, Math.max(1, words.length));
    const out = new Set<string>();
    for (let index = 0; index + size <= words.length; index++) out.add(words.slice(index, index + size).join(" "));
    return out;
  }

  signature(text: string): Uint32Array {
    const signature = new Uint32Array(this.permutations).fill(0xffffffff);
    for (const shingle of this.shingles(text)) {
      const base = hash32(shingle);
      // (a·x + b) mod p with x split into 16-bit halves: a·x = (a·2^16 mod p)·high + a·low (mod p),
      // and every term stays below 2^51, so one exact remainder per permutation suffices.
      const high = Math.floor(base / 65536);
      const low = base % 65536;
      for (let index = 0; index < this.permutations; index++) {
        const value = (this.shiftedMultipliers[index]! * high + this.multipliers[index]! * low + this.offsets[index]!) % MERSENNE;
        if (value < signature[index]!) signature[index] = value >>> 0;
      }
    }
    return signature;
  }
}

export function estimatedJaccard(left: Uint32Array, right: Uint32Array): number {
  let same = 0;
  for (let index = 0; index < left.length; index++) if (left[index] === right[index]) same++;
  return same / left.length;
}

/** Exact Jaccard similarity of two shingle sets. */
export function jaccard(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}

/**
 * Keeps the texts added so far and answers "is this a near-duplicate of one of them?".
 * Candidates come from LSH buckets; each is then confirmed with the estimated Jaccard.
 */
export class NearDuplicateIndex<T = string> {
  private readonly hasher: MinHasher;
  private readonly bands: number;
  private readonly rows: number;
  private readonly buckets = new Map<string, number[]>();
  private readonly entries: Array<{ key: T; signature: Uint32Array }> = [];

  constructor(
    readonly threshold: number,
    options: MinHashOptions & { bands?: number } = {},
  ) {
    this.hasher = new MinHasher(options);
    this.bands = options.bands ?? 16;
    this.rows = Math.max(1, Math.floor(this.hasher.permutations / this.bands));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The most similar earlier entry at or above the threshold, if any. */
  findDuplicate(text: string): { key: T; similarity: number } | undefined {
    return this.lookup(this.hasher.signature(text));
  }

  add(key: T, text: string): void {
    this.insert(key, this.hasher.signature(text));
  }

  /** The signature of a text, to look up and then add without hashing it twice. */
  signature(text: string): Uint32Array {
    return this.hasher.signature(text);
  }

  /** `findDuplicate` for a signature made by {@link signature}. */
  findDuplicateOf(signature: Uint32Array): { key: T; similarity: number } | undefined {
    return this.lookup(signature);
  }

  /** `add` for a signature made by {@link signature}. */
  addSignature(key: T, signature: Uint32Array): void {
    this.insert(key, signature);
  }

  /** Add unless a near-duplicate exists; returns the duplicate found, if any. */
  addIfNew(key: T, text: string): { key: T; similarity: number } | undefined {
    const signature = this.hasher.signature(text);
    const found = this.lookup(signature);
    if (!found) this.insert(key, signature);
    return found;
  }

  private lookup(signature: Uint32Array): { key: T; similarity: number } | undefined {
    const seen = new Set<number>();
    let best: { key: T; similarity: number } | undefined;
    for (const bucket of this.bandKeys(signature)) {
      for (const index of this.buckets.get(bucket) ?? []) {
        if (seen.has(index)) continue;
        seen.add(index);
        const entry = this.entries[index]!;
        const similarity = estimatedJaccard(signature, entry.signature);
        if (similarity >= this.threshold && (!best || similarity > best.similarity)) best = { key: entry.key, similarity };
      }
    }
    return best;
  }

  private insert(key: T, signature: Uint32Array): void {
    const index = this.entries.push({ key, signature }) - 1;
    for (const bucket of this.bandKeys(signature)) {
      const list = this.buckets.get(bucket);
      if (list) list.push(index);
      else this.buckets.set(bucket, [index]);
    }
  }

  private *bandKeys(signature: Uint32Array): Generator<string> {
    for (let band = 0; band < this.bands; band++) {
      const start = band * this.rows;
      yield `${band}:${Array.from(signature.subarray(start, start + this.rows)).join(",")}`;
    }
  }
}

export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
}

function hash32(text: string): number {
  // The one-shot hash: the same digest as createHash("md5"), without a Hash object per shingle.
  return hash("md5", text, "buffer").readUInt32BE(0);
}
