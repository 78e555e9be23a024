import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MinHasher, NearDuplicateIndex } from "../../src/util/minhash.js";

/** The signature from its definition, in exact integers: min over shingles of (a·md5₃₂(shingle) + b) mod p. */
function referenceSignature(hasher: MinHasher, text: string): number[] {
  const prime = 4294967311n;
  const coefficients = Array.from({ length: hasher.permutations }, (_, index) => {
    const digest = createHash("sha256").update(`minhash-${index}`).digest();
    return [BigInt((digest.readUInt32BE(0) % (4294967311 - 1)) + 1), BigInt(digest.readUInt32BE(4) % 4294967311)] as const;
  });
  const signature = new Array<number>(hasher.permutations).fill(0xffffffff);
  for (const shingle of hasher.shingles(text)) {
    const base = BigInt(createHash("md5").update(shingle).digest().readUInt32BE(0));
    coefficients.forEach(([a, b], index) => {
      const value = Number((a * base + b) % prime);
      if (value < signature[index]!) signature[index] = value >>> 0;
    });
  }
  return signature;
}

describe("MinHash", () => {
  it("computes each signature value as (a·x + b) mod p, exactly", () => {
    const hasher = new MinHasher({ shingleSize: 3 });
    const texts = [
      "find who wrote the book Dune and when the author was born",
      "get_weather {\"city\":\"Lisbon\",\"date\":\"2026-05-01\"}\nIt will be sunny in Lisbon, 24 °C.",
      "ünïcode wörds, numbers 12 345 and punctuation!? all normalised",
      "short",
    ];
    for (const text of texts) expect(Array.from(hasher.signature(text))).toEqual(referenceSignature(hasher, text));
  });

  it("finds the same duplicate from a signature as from the text", () => {
    const index = new NearDuplicateIndex<string>(0.5, { shingleSize: 2 });
    const text = "book a table for two at the harbour restaurant on friday evening please";
    index.addSignature("first", index.signature(text));
    const again = `${text} thanks`;
    expect(index.findDuplicateOf(index.signature(again))).toEqual(index.findDuplicate(again));
    expect(index.findDuplicate(again)?.key).toBe("first");
  });
});
