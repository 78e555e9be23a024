import type { FunctionSpec } from "../../schema/function-spec.js";
import { NearDuplicateIndex } from "../../util/minhash.js";
import { contentWords, identifierWords, jaccardOf } from "./text-similarity.js";

/** Verbs that mean the same for an API, so `fetch_weather` and `get_weather` compare equal. */
const VERB_GROUPS: Record<string, string> = {
  get: "get", fetch: "get", retrieve: "get", lookup: "get", look: "get", obtain: "get", read: "get", show: "get", query: "get",
  find: "search", search: "search", list: "search", browse: "search", locate: "search",
  create: "create", add: "create", make: "create", new: "create", generate: "create",
  delete: "delete", remove: "delete", cancel: "delete",
  update: "update", edit: "update", modify: "update", change: "update", set: "update",
  book: "book", reserve: "book",
  send: "send", notify: "send", post: "send",
  calculate: "calculate", compute: "calculate", estimate: "calculate",
  check: "check", verify: "check", validate: "check",
  convert: "convert", translate: "convert",
};

function nameWords(name: string): string[] {
  return identifierWords(name).map((word) => VERB_GROUPS[word] ?? word);
}

function fieldWords(fields: Record<string, unknown>): string[] {
  return Object.keys(fields).flatMap((field) => identifierWords(field));
}

/** The object words of a name (`stock_price` of `get_stock_price`): different objects mean a different purpose. */
function objectWords(name: string): string[] {
  return identifierWords(name).filter((word) => !(word in VERB_GROUPS));
}

export interface FunctionSimilarity {
  name: number;
  /** Overlap of the names without their verbs. */
  object: number;
  parameters: number;
  responses: number;
  description: number;
  overall: number;
}

/** How alike two functions are in purpose: name (verbs grouped), parameter and result fields, description. */
export function functionSimilarity(left: FunctionSpec, right: FunctionSpec): FunctionSimilarity {
  const name = jaccardOf(nameWords(left.name), nameWords(right.name));
  const object = jaccardOf(objectWords(left.name), objectWords(right.name));
  const parameters = jaccardOf(fieldWords(left.parameters), fieldWords(right.parameters));
  const responses = jaccardOf(fieldWords(left.responses), fieldWords(right.responses));
  const description = jaccardOf(contentWords(left.description), contentWords(right.description));
  return { name, object, parameters, responses, description, overall: 0.35 * name + 0.3 * parameters + 0.2 * responses + 0.15 * description };
}

export interface FunctionRegistryOptions {
  /** Overall similarity at or above which a new function reuses an existing one (default 0.6). */
  threshold?: number;
}

export interface Resolution {
  /** The spec to use: the existing one when reused, else the new one (now registered). */
  spec: FunctionSpec;
  reused: boolean;
  similarity?: number;
}

/**
 * Functions generated so far, across tasks. A new function that near-duplicates a known one
 * (same purpose: similar name and fields) reuses the known spec instead of minting another,
 * which keeps a dataset's tool set small and consistent. Candidates come from a MinHash index
 * over name and field words; each is confirmed with `functionSimilarity`.
 */
export class FunctionRegistry {
  readonly threshold: number;
  private readonly specs: FunctionSpec[] = [];
  private readonly index = new NearDuplicateIndex<number>(0.2, { shingleSize: 1, permutations: 128, bands: 64 });
  private readonly byName = new Map<string, number>();

  constructor(specs: FunctionSpec[] = [], options: FunctionRegistryOptions = {}) {
    this.threshold = options.threshold ?? 0.6;
    for (const spec of specs) this.add(spec);
  }

  get size(): number {
    return this.specs.length;
  }

  all(): FunctionSpec[] {
    return [...this.specs];
  }

  /** The known function `spec` duplicates, if any, without registering anything. */
  findDuplicate(spec: FunctionSpec): { spec: FunctionSpec; similarity: number } | undefined {
    const sameName = this.byName.get(spec.name);
    const candidates = new Set<number>(sameName === undefined ? [] : [sameName]);
    const found = this.index.findDuplicate(signatureText(spec));
    if (found) candidates.add(found.key);
    let best: { spec: FunctionSpec; similarity: number } | undefined;
    for (const position of candidates) {
      const known = this.specs[position]!;
      const similarity = functionSimilarity(spec, known);
      // Purpose must agree on the name and on the inputs, not only on the overall score.
      if (similarity.overall < this.threshold || similarity.object < 0.5 || similarity.parameters < 0.34) continue;
      if (!best || similarity.overall > best.similarity) best = { spec: known, similarity: similarity.overall };
    }
    return best;
  }

  /** Reuse a near-duplicate if one is known; otherwise register `spec`. */
  resolve(spec: FunctionSpec): Resolution {
    const duplicate = this.findDuplicate(spec);
    if (duplicate) return { spec: duplicate.spec, reused: true, similarity: duplicate.similarity };
    this.add(spec);
    return { spec, reused: false };
  }

  add(spec: FunctionSpec): void {
    if (this.byName.has(spec.name) && canonical(this.specs[this.byName.get(spec.name)!]!) === canonical(spec)) return;
    const position = this.specs.push(spec) - 1;
    if (!this.byName.has(spec.name)) this.byName.set(spec.name, position);
    this.index.add(position, signatureText(spec));
  }
}

function signatureText(spec: FunctionSpec): string {
  return [...nameWords(spec.name), ...fieldWords(spec.parameters), ...fieldWords(spec.responses)].join(" ");
}

function canonical(spec: FunctionSpec): string {
  return JSON.stringify(spec);
}
