import { createHash } from "node:crypto";
import { UserError } from "../../errors.js";

/** One named part of a split, e.g. `train` with share 0.95. */
export interface SplitPart {
  name: string;
  share: number;
}

/**
 * Parse `train=0.95,val=0.05` into parts. Shares must be positive and add up to 1 (within
 * rounding); names must be distinct file-name-safe words.
 */
export function parseSplit(text: string): SplitPart[] {
  const parts = text.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  const result: SplitPart[] = [];
  for (const entry of parts) {
    const match = /^([A-Za-z0-9_-]+)=([0-9]*\.?[0-9]+)$/.exec(entry);
    if (!match) throw new UserError(`bad split part '${entry}'; write name=share pairs, e.g. train=0.95,val=0.05`, { field: "split", code: "invalid-config" });
    const share = Number(match[2]);
    if (!(share > 0)) throw new UserError(`split part '${match[1]}' needs a share above 0`, { field: "split", code: "invalid-config" });
    if (result.some((part) => part.name === match[1])) throw new UserError(`split part '${match[1]}' is named twice`, { field: "split", code: "invalid-config" });
    result.push({ name: match[1]!, share });
  }
  if (result.length === 0) throw new UserError("--split needs at least one name=share pair, e.g. train=0.95,val=0.05", { field: "split", code: "invalid-config" });
  const total = result.reduce((sum, part) => sum + part.share, 0);
  if (Math.abs(total - 1) > 1e-6) {
    throw new UserError(`split shares add up to ${total}, not 1; e.g. train=0.95,val=0.05`, { field: "split", code: "invalid-config" });
  }
  return result;
}

/**
 * Order `items` by a hash of (seed, position): a shuffle that depends only on the seed and the
 * input order, so the same command always gives the same files.
 */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const keyed = items.map((item, position) => ({ item, key: shuffleKey(seed, position) }));
  keyed.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return keyed.map((entry) => entry.item);
}

function shuffleKey(seed: number, position: number): string {
  return createHash("sha256").update(`${seed}\u0000${position}`).digest("hex");
}

/**
 * Cut `items` into consecutive parts by share. Sizes are rounded so they add up to the total and
 * every part with a share gets at least one item when there are enough items.
 */
export function splitByShare<T>(items: readonly T[], parts: readonly SplitPart[]): Array<{ part: SplitPart; items: T[] }> {
  const sizes = parts.map((part) => Math.floor(part.share * items.length));
  let left = items.length - sizes.reduce((sum, size) => sum + size, 0);
  // Hand the remainder to the parts with the largest fractional shares first.
  const byFraction = parts
    .map((part, index) => ({ index, fraction: part.share * items.length - sizes[index]! }))
    .sort((first, second) => second.fraction - first.fraction);
  for (const { index } of byFraction) {
    if (left === 0) break;
    sizes[index]!++;
    left--;
  }
  // A small part rounded down to nothing takes one item from the largest part.
  for (let index = 0; index < parts.length; index++) {
    if (sizes[index] === 0 && items.length >= parts.length) {
      const largest = sizes.indexOf(Math.max(...sizes));
      sizes[largest]!--;
      sizes[index] = 1;
    }
  }
  const result: Array<{ part: SplitPart; items: T[] }> = [];
  let start = 0;
  parts.forEach((part, index) => {
    result.push({ part, items: items.slice(start, start + sizes[index]!) });
    start += sizes[index]!;
  });
  return result;
}

/** `out/data.jsonl` + `train` → `out/data.train.jsonl`. */
export function partPath(outputPath: string, partName: string): string {
  const match = /^(.*?)(\.[A-Za-z0-9]+)?$/.exec(outputPath)!;
  const slash = outputPath.lastIndexOf("/");
  const dot = outputPath.lastIndexOf(".");
  if (dot <= slash + 1) return `${outputPath}.${partName}`;
  return `${match[1]}.${partName}${match[2] ?? ""}`;
}
