import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const source = fileURLToPath(new URL("../../../src/", import.meta.url));

/** Every module reached from `entry` through static value imports (type-only imports and `import()` left out). */
function staticImports(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (reached.has(file)) continue;
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"([^"]+)";/gms)].map((match) => match[1]!);
    reached.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  }
  return reached;
}

describe("the queue is loaded only by the queue commands", () => {
  it.each(["index.ts", "cli/main.ts"])("%s reaches no bullmq or ioredis import statically", (entry) => {
    const reached = staticImports(resolve(source, entry));
    expect(reached.size).toBeGreaterThan(20);
    const offenders = [...reached].filter(([, specifiers]) => specifiers.some((specifier) => /^(bullmq|ioredis)$/.test(specifier)));
    expect(offenders.map(([file]) => file)).toEqual([]);
    // The scan does see the queue modules' own imports when pointed at them.
    const queue = staticImports(resolve(source, "run/queue/index.ts"));
    expect([...queue.values()].flat()).toContain("bullmq");
  });
});
