import { describe, expect, it } from "vitest";
import { SECTION_HEADING, withTokenSection } from "../../bench/token-figures.js";

const section = `${SECTION_HEADING}\n\nnew figures\n`;

describe("withTokenSection (bench/RESULTS.md)", () => {
  it("replaces an earlier version of the section and keeps what follows it", () => {
    const results = `# Benchmark results\n\nrows\n\n${SECTION_HEADING}\n\nold figures\n\n## Scale-out over BullMQ workers\n\nqueue rows\n`;
    expect(withTokenSection(results, section)).toBe(`# Benchmark results\n\nrows\n\n${SECTION_HEADING}\n\nnew figures\n\n## Scale-out over BullMQ workers\n\nqueue rows\n`);
  });

  it("goes before the scale-out section when there is none yet", () => {
    const results = "# Benchmark results\n\nrows\n\n## Scale-out over BullMQ workers\n\nqueue rows\n";
    expect(withTokenSection(results, section)).toBe(`# Benchmark results\n\nrows\n\n${SECTION_HEADING}\n\nnew figures\n\n## Scale-out over BullMQ workers\n\nqueue rows\n`);
  });

  it("is appended when the file has neither", () => {
    expect(withTokenSection("# Benchmark results\n\nrows\n", section)).toBe(`# Benchmark results\n\nrows\n\n${section}`);
  });

  it("replaces the section when it is the last one", () => {
    expect(withTokenSection(`# Benchmark results\n\n${SECTION_HEADING}\n\nold figures\n`, section)).toBe(`# Benchmark results\n\n${section}`);
  });
});
