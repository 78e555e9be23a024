import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const doc = readFileSync(`${repository}docs/langchain.md`, "utf8");

/** The ```ts blocks of the page. */
function codeBlocks(text: string): string[] {
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe("docs/langchain.md", () => {
  it("has only fragments of examples, each line of which is in that example", () => {
    const blocks = codeBlocks(doc);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const [first, ...lines] = block.split("\n");
      const file = /^\/\/ fragment of (examples\/[\w-]+\.ts)$/.exec(first!)?.[1];
      expect(file, `a block starts with '${first}'`).toBeDefined();
      const source = readFileSync(`${repository}${file}`, "utf8");
      for (const line of lines) {
        // "// …" lines mark elisions.
        if (line.trim() === "" || line.trim().startsWith("// …")) continue;
        expect(source, `${file} lacks: ${line}`).toContain(line);
      }
    }
  });
});
