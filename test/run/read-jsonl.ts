import { existsSync, readFileSync } from "node:fs";

/** Every line of a JSONL file parsed; throws on a torn or invalid line (tests want to know). */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  if (text !== "" && !text.endsWith("\n")) throw new Error(`${path} ends with a torn line`);
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path}:${index + 1} is not JSON: ${line.slice(0, 80)}`);
      }
    });
}
