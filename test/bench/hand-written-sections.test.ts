import { describe, expect, it } from "vitest";
import { handWrittenSections } from "../../bench/hand-written-sections.js";

describe("hand-written sections of RESULTS.md", () => {
  it("keeps each section marked written by hand, up to the next section, and nothing else", () => {
    const markdown = [
      "# Benchmark results",
      "## Latency-bound runs",
      "| a | b |",
      "## Reading (written by hand after the run above)",
      "The knee is at 64.",
      "### Detail",
      "More.",
      "## Scale-out",
      "numbers",
      "## CPU per call (written by hand; under load)",
      "2.3 ms",
      "",
    ].join("\n");
    expect(handWrittenSections(markdown)).toEqual([
      "## Reading (written by hand after the run above)\nThe knee is at 64.\n### Detail\nMore.\n",
      "## CPU per call (written by hand; under load)\n2.3 ms\n",
    ]);
  });

  it("finds none in a file without them", () => {
    expect(handWrittenSections("# Results\n## Runs\n| x |\n")).toEqual([]);
  });
});
