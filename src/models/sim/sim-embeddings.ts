import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { createHash } from "node:crypto";

const STOP_WORDS = new Set(["a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "my", "your", "is", "are"]);

/**
 * Offline embeddings for the simulator: hashed bags of content words (and their four-letter
 * stems), L2-normalised, so cosine similarity tracks shared vocabulary. Deterministic and
 * free — for tests, demos and dry runs of the embedding dedup path, not for semantics.
 */
export class SimEmbeddings extends Embeddings {
  readonly dimensions: number;

  constructor(params: EmbeddingsParams & { dimensions?: number } = {}) {
    super(params);
    this.dimensions = params.dimensions ?? 256;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  private vector(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words.filter((entry) => !STOP_WORDS.has(entry))) {
      for (const feature of [word, `stem:${word.slice(0, 4)}`]) {
        const digest = createHash("md5").update(feature).digest();
        vector[digest.readUInt32BE(0) % this.dimensions]! += digest[4]! & 1 ? 1 : -1;
      }
    }
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
    return vector.map((value) => value / norm);
  }
}
