import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { construction, trajectory } from "../../src/graphs/studio.js";

/** Edges of a Mermaid drawing as "from -> to" (solid and dashed alike). */
function edges(mermaid: string): string[] {
  return [...mermaid.matchAll(/^\s*(\w+) (?:-->|-\.->) (\w+);$/gm)].map((match) => `${match[1]} -> ${match[2]}`).sort();
}

const docs = readFileSync(new URL("../../docs/graphs.md", import.meta.url), "utf8");

describe("graph drawings", () => {
  it("the trajectory graph draws only the routes its roles can take", async () => {
    const drawing = (await trajectory().getGraphAsync()).drawMermaid();
    expect(edges(drawing)).toEqual(
      [
        "__start__ -> user",
        "user -> assistant",
        "user -> __end__",
        "assistant -> tools",
        "assistant -> user",
        "assistant -> __end__",
        "tools -> assistant",
        "tools -> __end__",
      ].sort(),
    );
    expect(docs).toContain(drawing.trim());
  });

  it("the construction graph draws 25 real edges, not every node to every other", async () => {
    const drawing = (await construction().getGraphAsync()).drawMermaid();
    expect(edges(drawing)).toEqual(
      [
        "__start__ -> extractScenario",
        "__start__ -> dedupScenarios",
        "extractScenario -> dedupScenarios",
        "dedupScenarios -> expandScenario",
        "dedupScenarios -> planBatch",
        "dedupScenarios -> __end__",
        "expandScenario -> mergeExpanded",
        "mergeExpanded -> expandScenario",
        "mergeExpanded -> planBatch",
        "mergeExpanded -> __end__",
        // A batch of candidates is planned until --count tasks are written or the attempts run out.
        "planBatch -> writeAtomicTask",
        "planBatch -> __end__",
        "writeAtomicTask -> collectAtomic",
        "collectAtomic -> composeTask",
        "collectAtomic -> registerFunctions",
        "composeTask -> collectComposed",
        "collectComposed -> checkComposition",
        "collectComposed -> registerFunctions",
        "checkComposition -> collectChecked",
        "collectChecked -> generateFunctions",
        "collectChecked -> registerFunctions",
        "generateFunctions -> registerFunctions",
        "registerFunctions -> expandScenario",
        "registerFunctions -> planBatch",
        "registerFunctions -> __end__",
      ].sort(),
    );
    expect(docs).toContain(drawing.trim());
  });

  it("langgraph.json points at the two factories", () => {
    const config = JSON.parse(readFileSync(new URL("../../langgraph.json", import.meta.url), "utf8")) as { graphs: Record<string, string> };
    expect(config.graphs).toEqual({ trajectory: "./src/graphs/studio.ts:trajectory", construction: "./src/graphs/studio.ts:construction" });
  });
});
