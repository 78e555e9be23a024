import { describe, expect, it } from "vitest";
import { buttonFormat } from "../../src/formats/button-format.js";
import { hermesFormat } from "../../src/formats/hermes-format.js";
import { openAIFormat } from "../../src/formats/openai-format.js";
import { shareGPTFormat } from "../../src/formats/sharegpt-format.js";
import type { RecordFormat } from "../../src/formats/record-format.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { fixturePath } from "../helpers/shared-datasets.js";
import { callsAndResults, dialogueText, loadOpenAIFixture } from "../helpers/records.js";

const records = loadOpenAIFixture(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl"));

/** canonical → OpenAI file → through `via` → OpenAI again, each step as JSON text on disk would be. */
function roundTrip(record: TrajectoryRecord, via: RecordFormat): TrajectoryRecord {
  const asOpenAI = openAIFormat.read(JSON.parse(JSON.stringify(openAIFormat.write!(record))));
  const converted = via.read(JSON.parse(JSON.stringify(via.write!(asOpenAI))));
  return openAIFormat.read(JSON.parse(JSON.stringify(openAIFormat.write!(converted))));
}

describe.each([
  ["BUTTON", buttonFormat],
  ["ShareGPT (LLaMA-Factory)", shareGPTFormat],
  ["Hermes", hermesFormat],
])("OpenAI → %s → OpenAI", (_name, via) => {
  it.each(records.map((record) => [record.id, record] as const))("keeps calls, arguments, results and order of %s", (_id, record) => {
    const back = roundTrip(record, via);
    expect(callsAndResults(back)).toEqual(callsAndResults(record));
    expect(callsAndResults(back).length).toBeGreaterThan(0);
    expect(dialogueText(back)).toEqual(dialogueText(record));
    expect(back.tools.map((tool) => tool.function.name)).toEqual(record.tools.map((tool) => tool.function.name));
    expect(back.parallel_tool_calls).toBe(record.parallel_tool_calls);
  });
});

describe("what each round trip keeps beyond calls and results", () => {
  const parallel = records.find((record) => record.id === "r-parallel")!;

  it("BUTTON keeps the system message, the thoughts on calling turns and the final thought", () => {
    const back = buttonFormat.read(JSON.parse(JSON.stringify(buttonFormat.write!(parallel))));
    expect(back.messages[0]).toEqual({ role: "system", content: "You are a helpful travel assistant." });
    const calling = back.messages.find((message) => message.role === "assistant" && message.tool_calls);
    expect(calling?.content).toBe("I will look up both cities and convert the money at the same time.");
    const final = back.messages[back.messages.length - 1]!;
    expect(final).toMatchObject({ role: "assistant", thought: "All three results are in; I can answer." });
  });

  it("results come back in call order even when the source listed them out of order", () => {
    const back = buttonFormat.read(JSON.parse(JSON.stringify(buttonFormat.write!(parallel))));
    const toolNames = back.messages.filter((message) => message.role === "tool").map((message) => JSON.parse(message.content as string).city ?? "money");
    expect(toolNames).toEqual(["Lisbon", "Osaka", "money"]);
  });

  it("OpenAI export drops the final thought and keeps only the training keys", () => {
    const exported = openAIFormat.write!(parallel);
    expect(Object.keys(exported).sort()).toEqual(["messages", "parallel_tool_calls", "tools"]);
    expect(JSON.stringify(exported)).not.toContain("All three results are in");
  });
});
