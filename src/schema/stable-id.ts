import { createHash } from "node:crypto";

/** JSON with object keys sorted, so equal content always serialises to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) sorted[key] = sortKeys(entry);
    }
    return sorted;
  }
  return value;
}

/** A short, stable id derived from content: reruns and resumes agree on it. */
export function stableId(prefix: string, content: unknown): string {
  const digest = createHash("sha256").update(canonicalJson(content)).digest("hex");
  return `${prefix}-${digest.slice(0, 16)}`;
}
