import { describe, expect, it } from "vitest";
import { ATOMIC_TASK_TOOL, writeAtomicTask } from "../../src/graphs/construction/atomic-tasks.js";
import { CHECK_COMPOSITION_TOOL, checkComposition } from "../../src/graphs/construction/check-composition.js";
import { COMPOSE_TASK_TOOL, composeTask } from "../../src/graphs/construction/compose-tasks.js";
import { parallelThenSequentialStrategy, sequentialChainStrategy, sequentialStrategy } from "../../src/graphs/construction/composition-strategies.js";
import { EXPAND_SCENARIOS_TOOL, expandScenario } from "../../src/graphs/construction/expand-scenarios.js";
import { EXTRACT_SCENARIO_TOOL, extractScenario } from "../../src/graphs/construction/extract-scenarios.js";
import { assignFunctions, GENERATE_FUNCTIONS_TOOL, generateFunctions } from "../../src/graphs/construction/generate-functions.js";
import { validateTask } from "../../src/graphs/construction/validate-task.js";
import { constructionSimSkills } from "../../src/models/sim/skills/construction/index.js";
import { stageContext } from "./scripted-skills.js";

const simContext = (seed: number) => stageContext(constructionSimSkills(), 0, seed);

describe("construction simulator skills", () => {
  it("answer exactly the forced tools the stages use", () => {
    const names = [EXTRACT_SCENARIO_TOOL, EXPAND_SCENARIOS_TOOL, ATOMIC_TASK_TOOL, COMPOSE_TASK_TOOL, CHECK_COMPOSITION_TOOL, GENERATE_FUNCTIONS_TOOL];
    const skills = constructionSimSkills();
    for (const name of names) {
      const request = { system: "", messages: [], tools: [], toolChoice: name } as never;
      expect(skills.filter((skill) => skill.matches(request))).toHaveLength(1);
    }
    expect(skills.some((skill) => skill.matches({ system: "", messages: [], tools: [], toolChoice: "other" } as never))).toBe(false);
  });

  it("derive a short, general scenario from the seed text, the same for the same seed and text", async () => {
    const seed = { text: "User: I need to book a flight from Paris to Rome and a hotel near the airport." };
    const first = await extractScenario(simContext(1), seed);
    expect(first.split(" ").length).toBeLessThanOrEqual(10);
    expect(first).not.toMatch(/\d/);
    expect(await extractScenario(simContext(1), seed)).toBe(first);
    const cooking = await extractScenario(simContext(1), { text: "User: what can I cook for dinner with chicken? Any recipe ideas?" });
    expect(cooking).not.toBe(first);
  });

  it("expand a scenario into new ones, avoiding those listed", async () => {
    const scenarios = await expandScenario(simContext(1), "Planning a weekend city break", 4, ["Planning a weekend city break", "Booking a weekend city break"]);
    expect(scenarios).toHaveLength(4);
    expect(scenarios).not.toContain("Booking a weekend city break");
    expect(new Set(scenarios).size).toBe(4);
  });

  it("build a composite task whose functions pass validation, through every stage's own parser", async () => {
    for (const [strategy, depth] of [[sequentialStrategy, 2], [parallelThenSequentialStrategy, 3], [sequentialChainStrategy, 4]] as const) {
      const model = simContext(9);
      const atomic = await writeAtomicTask(model, "Booking a honeymoon overseas");
      expect(atomic.split(" ").length).toBeLessThanOrEqual(30);
      const composition = await composeTask(model, atomic, strategy, depth);
      expect(composition.subtasks).toHaveLength(depth);
      expect(composition.task).toContain(atomic.replace(/\.$/, "").slice(1));
      const verdict = await checkComposition(model, composition.task, composition.subtasks);
      expect(verdict.verdict).toBe("yes");
      const generated = await generateFunctions(model, composition.task, composition.subtasks);
      const subtasks = assignFunctions(composition.subtasks, generated);
      const kinds = Object.fromEntries(generated.assignments.map((entry) => [entry.id, entry.kind]));
      expect(validateTask({ subtasks, functions: generated.functions, kinds })).toEqual([]);
    }
  });

  it("judge a composition 'no' when a step does not use the previous result", async () => {
    const verdict = await checkComposition(simContext(1), "Check the weather, then look up a profile.", [
      { id: "s1", text: "Check the weather forecast for Lisbon on 2025-05-01.", role: "given", depends_on: [], functions: [] },
      { id: "s2", text: "Look up the customer profile registered under ana@example.com.", role: "subsequent", depends_on: ["s1"], functions: [] },
    ]);
    expect(verdict.verdict).toBe("no");
    expect(verdict.reasoning).toContain("s2 does not need anything that s1 produces");
  });
});
