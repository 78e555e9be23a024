import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { NearDuplicateIndex } from "../../util/minhash.js";
import { contentWords } from "./text-similarity.js";

/** Defaults per method: MinHash Jaccard over content words, or cosine of embeddings. */
export const DEFAULT_LEXICAL_THRESHOLD = 0.5;
export const DEFAULT_EMBEDDING_THRESHOLD = 0.9;

export interface DedupOptions {
  /** Similarity at or above which a text counts as a duplicate of an earlier one. */
  threshold?: number;
  /** When set, similarity is the cosine of these embeddings instead of lexical MinHash. */
  embeddings?: EmbeddingsInterface;
  /** Reused across calls so a pool is embedded once (text → vector). */
  vectorCache?: Map<string, number[]>;
}

export interface DedupResult<T> {
  kept: T[];
  removed: Array<{ item: T; duplicateOf: string; similarity: number }>;
}

/**
 * Keep each item unless it is a near-duplicate of a text in `existing` or of an item kept
 * before it; order is preserved, so the first of a group wins and results are deterministic.
 */
export async function dedupByText<T>(
  items: T[],
  textOf: (item: T) => string,
  existing: string[],
  options: DedupOptions = {},
): Promise<DedupResult<T>> {
  return options.embeddings ? dedupByEmbedding(items, textOf, existing, options) : dedupLexically(items, textOf, existing, options);
}

function dedupLexically<T>(items: T[], textOf: (item: T) => string, existing: string[], options: DedupOptions): DedupResult<T> {
  // Two-row LSH bands: a pair at Jaccard 0.5 is a candidate with probability above 0.999.
  const index = new NearDuplicateIndex<string>(options.threshold ?? DEFAULT_LEXICAL_THRESHOLD, {
    shingleSize: 1,
    permutations: 128,
    bands: 64,
  });
  const key = (text: string) => contentWords(text).join(" ") || text.toLowerCase();
  const seen = new Set<string>();
  for (const text of existing) {
    index.add(text, key(text));
    seen.add(key(text));
  }
  const result: DedupResult<T> = { kept: [], removed: [] };
  for (const item of items) {
    const text = textOf(item);
    if (seen.has(key(text))) {
      result.removed.push({ item, duplicateOf: text, similarity: 1 });
      continue;
    }
    const duplicate = index.addIfNew(text, key(text));
    if (duplicate) result.removed.push({ item, duplicateOf: duplicate.key, similarity: duplicate.similarity });
    else {
      seen.add(key(text));
      result.kept.push(item);
    }
  }
  return result;
}

async function dedupByEmbedding<T>(
  items: T[],
  textOf: (item: T) => string,
  existing: string[],
  options: DedupOptions,
): Promise<DedupResult<T>> {
  const threshold = options.threshold ?? DEFAULT_EMBEDDING_THRESHOLD;
  const cache = options.vectorCache ?? new Map<string, number[]>();
  const texts = [...existing, ...items.map(textOf)];
  const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
  if (missing.length > 0) {
    const vectors = await options.embeddings!.embedDocuments(missing);
    missing.forEach((text, position) => cache.set(text, normalise(vectors[position] ?? [])));
  }
  const kept: Array<{ text: string; vector: number[] }> = existing.map((text) => ({ text, vector: cache.get(text)! }));
  const result: DedupResult<T> = { kept: [], removed: [] };
  for (const item of items) {
    const text = textOf(item);
    const vector = cache.get(text)!;
    let best: { text: string; similarity: number } | undefined;
    for (const other of kept) {
      const similarity = dot(vector, other.vector);
      if (similarity >= threshold && (!best || similarity > best.similarity)) best = { text: other.text, similarity };
    }
    if (best) result.removed.push({ item, duplicateOf: best.text, similarity: best.similarity });
    else {
      kept.push({ text, vector });
      result.kept.push(item);
    }
  }
  return result;
}

function normalise(vector: number[]): number[] {
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / length);
}

function dot(left: number[], right: number[]): number {
  let sum = 0;
  for (let index = 0; index < Math.min(left.length, right.length); index++) sum += left[index]! * right[index]!;
  return sum;
}
