import { describe, expect, it } from "vitest";
import { isModelBehaviorError } from "../../src/errors.js";
import { writeAtomicTask } from "../../src/graphs/construction/atomic-tasks.js";
import { checkComposition } from "../../src/graphs/construction/check-composition.js";
import { composeTask } from "../../src/graphs/construction/compose-tasks.js";
import { parallelThenSequentialStrategy, sequentialChainStrategy } from "../../src/graphs/construction/composition-strategies.js";
import { expandScenario } from "../../src/graphs/construction/expand-scenarios.js";
import { extractScenario } from "../../src/graphs/construction/extract-scenarios.js";
import { assignFunctions, generateFunctions } from "../../src/graphs/construction/generate-functions.js";
import { scriptedSkill, stageContext } from "./scripted-skills.js";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the stage to fail");
}

describe("scenario extraction", () => {
  it("shows the conversation to the model and returns its scenario", async () => {
    const skill = scriptedSkill("record_scenario", [{ scenario: "Planning a weekend trip with friends" }]);
    const scenario = await extractScenario(stageContext([skill]), { text: "User: find me flights to Lisbon" });
    expect(scenario).toBe("Planning a weekend trip with friends");
    expect(skill.prompts[0]).toContain("<conversation>\nUser: find me flights to Lisbon\n</conversation>");
  });

  it("asks again when the scenario breaks a rule, with the reason", async () => {
    const skill = scriptedSkill("record_scenario", [
      { scenario: "Planning a very long and detailed weekend trip with many friends to Lisbon" },
      { scenario: "Planning a weekend trip with friends" },
    ]);
    await expect(extractScenario(stageContext([skill]), { text: "User: hi" })).resolves.toBe("Planning a weekend trip with friends");
    expect(skill.prompts[1]).toContain("use at most 10 words");
  });

  it("fails with a model-behaviour error when numbers stay in, or the model never calls the tool", async () => {
    const numbers = scriptedSkill("record_scenario", [{ scenario: "Booking 3 tickets for a show" }]);
    const error = await failure(extractScenario(stageContext([numbers]), { text: "User: hi" }));
    expect(isModelBehaviorError(error)).toBe(true);
    expect(error.message).toContain("leave out specific numbers");

    const prose = scriptedSkill("record_scenario", ["I think this is about travel."]);
    const unparseable = await failure(extractScenario(stageContext([prose]), { text: "User: hi" }));
    expect(isModelBehaviorError(unparseable)).toBe(true);
    expect(unparseable.message).toContain("record_scenario");
  });
});

describe("scenario expansion", () => {
  it("offers the count as the array limit of the tool and lists scenarios to avoid", async () => {
    const skill = scriptedSkill("propose_scenarios", [{ scenarios: ["Budgeting for a family vacation", "Booking a business trip"] }]);
    const scenarios = await expandScenario(stageContext([skill]), "Planning a weekend trip", 3, ["Planning a weekend trip", "Booking a ski holiday"]);
    expect(scenarios).toEqual(["Budgeting for a family vacation", "Booking a business trip"]);
    expect(skill.prompts[0]).toContain("- Booking a ski holiday");
  });

  it("rejects more scenarios than asked for", async () => {
    const skill = scriptedSkill("propose_scenarios", [{ scenarios: ["A one", "A two", "A three", "A four"] }]);
    const error = await failure(expandScenario(stageContext([skill], 0), "Planning a weekend trip", 2, []));
    expect(isModelBehaviorError(error)).toBe(true);
  });
});

describe("atomic tasks", () => {
  it("rejects a task that names a tool, then accepts the corrected one", async () => {
    const skill = scriptedSkill("write_atomic_task", [
      { task: "Call the get_weather API for Lisbon tomorrow." },
      { task: "Tell me the weather forecast for Lisbon on 2025-06-01." },
    ]);
    await expect(writeAtomicTask(stageContext([skill]), "Planning a weekend trip")).resolves.toBe(
      "Tell me the weather forecast for Lisbon on 2025-06-01.",
    );
    expect(skill.prompts[1]).toContain("do not name tools");
  });

  it("rejects a task of more than 30 words", async () => {
    const long = Array.from({ length: 40 }, () => "word").join(" ");
    const error = await failure(writeAtomicTask(stageContext([scriptedSkill("write_atomic_task", [{ task: long }])], 0), "x y z"));
    expect(error.message).toContain("at most 30 words");
  });
});

describe("composition", () => {
  it("takes ids, roles and dependencies from the strategy's plan, not from the model", async () => {
    const skill = scriptedSkill("compose_task", [
      {
        subtasks: [
          { id: "x", text: "Look up the customer profile for ana@example.com." },
          { id: "y", text: "Book the flight found for the customer found." },
        ],
        task: "Find a flight from Lisbon to Osaka on 2025-03-14 and book it for the customer ana@example.com.",
      },
    ]);
    const composition = await composeTask(stageContext([skill]), "Find flights from Lisbon to Osaka on 2025-03-14.", parallelThenSequentialStrategy, 4);
    expect(composition.subtasks.map(({ id, role, depends_on }) => ({ id, role, depends_on }))).toEqual([
      { id: "s1", role: "given", depends_on: [] },
      { id: "s2", role: "parallel", depends_on: [] },
      { id: "s3", role: "subsequent", depends_on: ["s1", "s2"] },
    ]);
    expect(composition.subtasks[0]!.text).toBe("Find flights from Lisbon to Osaka on 2025-03-14.");
    expect(skill.prompts[0]).toContain('"role":"parallel"');
  });

  it("rejects the wrong number of sub-tasks for the plan", async () => {
    const skill = scriptedSkill("compose_task", [{ subtasks: [{ id: "s2", text: "Do the next thing with it." }], task: "A whole request here." }]);
    const error = await failure(composeTask(stageContext([skill], 0), "Find flights.", sequentialChainStrategy, 3));
    expect(isModelBehaviorError(error)).toBe(true);
    expect(error.message).toContain("s2, s3");
  });

  it("plans a sequential chain as deep as configured, each step depending on the previous", () => {
    expect(sequentialChainStrategy.plan({ maxDepth: 4 }).map((slot) => slot.depends_on)).toEqual([[], ["s1"], ["s2"], ["s3"]]);
    expect(sequentialChainStrategy.plan({ maxDepth: 3 })).toHaveLength(3);
    expect(sequentialChainStrategy.plan({ maxDepth: 9 })).toHaveLength(4);
  });
});

describe("composition check", () => {
  const subtasks = [
    { id: "s1", text: "Find flights.", role: "given", depends_on: [], functions: [] },
    { id: "s2", text: "Book the flight found.", role: "subsequent", depends_on: ["s1"], functions: [] },
  ];

  it("returns the verdict with its reasoning", async () => {
    const skill = scriptedSkill("judge_composition", [{ reasoning: "Booking needs no search result.", verdict: "no" }]);
    await expect(checkComposition(stageContext([skill]), "Find and book a flight.", subtasks)).resolves.toEqual({
      reasoning: "Booking needs no search result.",
      verdict: "no",
    });
  });

  it("rejects a verdict other than yes or no", async () => {
    const skill = scriptedSkill("judge_composition", [{ reasoning: "Hard to say.", verdict: "maybe" }]);
    const error = await failure(checkComposition(stageContext([skill], 0), "Find and book a flight.", subtasks));
    expect(isModelBehaviorError(error)).toBe(true);
  });
});

describe("function generation", () => {
  it("assigns the generated functions to their sub-tasks and keeps loose specs for validation to judge", async () => {
    const skill = scriptedSkill("define_functions", [
      {
        functions: [
          { name: "search_flights", description: "Search flights", parameters: { origin: { type: "str", description: "From" } }, required: ["origin"], responses: { flight_number: { type: "string", description: "Flight" } } },
        ],
        subtasks: [
          { id: "s1", kind: "action", functions: ["search_flights"] },
          { id: "s2", kind: "logic", functions: [] },
        ],
      },
    ]);
    const subtasks = [
      { id: "s1", text: "Find flights.", role: "given", depends_on: [], functions: [] },
      { id: "s2", text: "Compare the fares.", role: "subsequent", depends_on: ["s1"], functions: [] },
    ];
    const generated = await generateFunctions(stageContext([skill]), "Find and compare flights.", subtasks);
    expect(generated.functions[0]!.parameters.origin!.type).toBe("str");
    expect(assignFunctions(subtasks, generated).map((subtask) => subtask.functions)).toEqual([["search_flights"], []]);
  });

  it("fails on output that does not fit the tool's schema", async () => {
    const skill = scriptedSkill("define_functions", [{ functions: "search_flights" }]);
    const error = await failure(generateFunctions(stageContext([skill], 0), "x", []));
    expect(isModelBehaviorError(error)).toBe(true);
  });
});
