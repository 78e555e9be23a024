import { describe, expect, it } from "vitest";
import { builtInStrategies, sequentialStrategy } from "../../src/graphs/construction/composition-strategies.js";
import {
  atomicTaskPrompt,
  checkCompositionPrompt,
  COMPOSITION_EXAMPLES,
  composeTaskPrompt,
  expandScenariosPrompt,
  extractScenarioPrompt,
  generateFunctionsPrompt,
} from "../../src/graphs/construction/prompts/index.js";
import { readSection } from "../../src/models/sim/sim-request.js";
import type { Subtask } from "../../src/schema/task.js";

const subtasks: Subtask[] = [
  { id: "s1", text: "Find hotels in Porto for 2025-06-14.", role: "given", depends_on: [], functions: [] },
  { id: "s2", text: "Book the cheapest hotel found for Ana Silva.", role: "subsequent", depends_on: ["s1"], functions: [] },
];

describe("construction stage prompts", () => {
  it("scenario extraction: the scenario rules, examples, and the conversation last", () => {
    const prompt = extractScenarioPrompt("user: I need a flight to Denver");
    expect(prompt).toMatch(/At most 10 words/);
    expect(prompt).toMatch(/no specific numbers, dates, names/);
    expect(prompt).toMatch(/Examples:\n.*→/);
    expect(readSection(prompt, "conversation")).toBe("user: I need a flight to Denver");
  });

  it("expansion: change the action or subject, an example, the scenario and what to avoid", () => {
    const prompt = expandScenariosPrompt("Finding flights", 3, ["Booking hotels"]);
    expect(prompt).toMatch(/changes the action or the subject/);
    expect(prompt).toMatch(/change the action: .*change the subject: /s);
    expect(readSection(prompt, "scenario")).toBe("Finding flights");
    expect(readSection(prompt, "existing")).toBe("- Booking hotels");
  });

  it("atomic task: realistic, single-step, self-contained, no tool names, at most 30 words, with good and bad examples", () => {
    const prompt = atomicTaskPrompt("Finding flights");
    for (const rule of [/Realistic/, /Atomic: it can be done in a single step/, /Self-contained/, /Do not name any tool/, /At most 30 words/]) expect(prompt).toMatch(rule);
    expect(prompt).toMatch(/Not atomic: /);
    expect(prompt).toMatch(/Not self-contained: /);
    expect(readSection(prompt, "scenario")).toBe("Finding flights");
  });

  it("composition: every built-in strategy has at least one worked example shown in its prompt", () => {
    for (const strategy of builtInStrategies()) {
      const examples = COMPOSITION_EXAMPLES[strategy.name] ?? [];
      expect(examples.length, strategy.name).toBeGreaterThan(0);
      const prompt = composeTaskPrompt("Find flights from Lisbon to Oslo on 2 March 2025.", strategy, 3);
      expect(prompt).toContain("Example 1:");
      expect(prompt).toContain(examples[0]!.task);
      expect(JSON.parse(readSection(prompt, "plan")!)[0].text).toBe("Find flights from Lisbon to Oslo on 2 March 2025.");
    }
    expect(COMPOSITION_EXAMPLES.sequential!.length).toBeGreaterThanOrEqual(3);
    expect(COMPOSITION_EXAMPLES["parallel-then-sequential"]!.length).toBeGreaterThanOrEqual(3);
  });

  it("parallel-then-sequential asks for a RELATED parallel sub-task that the final step needs, and forbids comparing unrelated results", () => {
    const parallel = builtInStrategies().find((strategy) => strategy.name === "parallel-then-sequential")!;
    const prompt = composeTaskPrompt("Get the weather forecast for Porto on 14 June 2025.", parallel, 3);
    expect(prompt).toMatch(/RELATED/);
    expect(prompt).toMatch(/second\s+input that the final sub-task needs/);
    expect(prompt).toMatch(/Never pair two unrelated lookups/);
    expect(parallel.plan({ maxDepth: 3 })[1]!.instruction).toMatch(/second input the final step needs/);
    // The sequential prompt does not carry the parallel rules.
    expect(composeTaskPrompt("Find flights.", sequentialStrategy, 2)).not.toMatch(/RELATED/);
  });

  it("composition and function prompts take feedback before their data sections", () => {
    const feedback = { previous: { task: "old" }, reason: "Sub-task s2 does not use s1." };
    const prompt = composeTaskPrompt("Find flights.", sequentialStrategy, 2, feedback);
    expect(readSection(prompt, "feedback")).toBe("Sub-task s2 does not use s1.");
    expect(JSON.parse(readSection(prompt, "previous_answer")!)).toEqual({ task: "old" });
    expect(prompt.indexOf("<feedback>")).toBeLessThan(prompt.indexOf("<plan>"));
    const functions = generateFunctionsPrompt("Book a hotel", subtasks, feedback);
    expect(functions.indexOf("<feedback>")).toBeLessThan(functions.indexOf("<composite_task>"));
    expect(composeTaskPrompt("Find flights.", sequentialStrategy, 2)).not.toContain("<feedback>");
  });

  it("composition check: the judge's questions, worked verdicts, and the data sections", () => {
    const prompt = checkCompositionPrompt("Book the cheapest hotel in Porto", subtasks);
    expect(prompt).toMatch(/actually need that one's result/);
    expect(prompt).toMatch(/parallel sub-task related/);
    expect(prompt).toMatch(/name the\s+sub-task at fault/);
    expect(prompt).toMatch(/^yes — /m);
    expect(prompt).toMatch(/^no — /m);
    expect(JSON.parse(readSection(prompt, "subtasks")!)).toHaveLength(2);
  });

  it("function generation: kinds, general, granular, consistent, and guidance on list and nested results with an example", () => {
    const prompt = generateFunctionsPrompt("Book the cheapest hotel in Porto", subtasks);
    for (const rule of [/"logic"/, /General: /, /Granular: /, /Consistent: /, /Lists and nested results/, /hotels\[\]\.hotel_id feeds hotel_id/]) expect(prompt).toMatch(rule);
    const example = JSON.parse(prompt.split("\n").find((line) => line.startsWith('{"functions"'))!);
    expect(example.functions[0].responses.hotels.items.properties.hotel_id.type).toBe("string");
    expect(readSection(prompt, "composite_task")).toBe("Book the cheapest hotel in Porto");
  });
});
