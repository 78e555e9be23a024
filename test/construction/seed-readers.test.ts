import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { UserError } from "../../src/errors.js";
import {
  detectSeedReader,
  readGlaiveSeeds,
  readOpenAIChatSeeds,
  readSeeds,
  readShareGptSeeds,
  readToolBenchSeeds,
  type Seed,
} from "../../src/formats/seeds/index.js";
import { arrayElementLines } from "../../src/formats/seeds/json-records.js";

const fixtures = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));
const shared = fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));

async function collect(stream: AsyncIterable<Seed>): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for await (const seed of stream) seeds.push(seed);
  return seeds;
}

describe("glaive raw reader", () => {
  it("reads transcripts and the function schemas in `system`, and skips malformed rows with file, line and field", async () => {
    const malformed: UserError[] = [];
    const seeds = await collect(readGlaiveSeeds(`${fixtures}glaive-raw.jsonl`, { onMalformed: (error) => malformed.push(error) }));
    expect(seeds.map((seed) => seed.id)).toEqual(["glaive-raw.jsonl:1", "glaive-raw.jsonl:4"]);
    expect(seeds[0]!.text).toContain("User: What's the weather like in Lisbon today?");
    expect(seeds[0]!.text).not.toContain("<|endoftext|>");
    expect(seeds[0]!.functions?.map((spec) => spec.name)).toEqual(["get_weather"]);
    expect(seeds[0]!.functions?.[0]!.required).toEqual(["city"]);
    expect(seeds[1]!.functions).toEqual([]);
    expect(malformed.map((error) => [error.line, error.field])).toEqual([
      [2, "chat"],
      [3, "(json)"],
      [5, "system.parameters.properties"],
    ]);
    for (const error of malformed) {
      expect(error.file).toBe(`${fixtures}glaive-raw.jsonl`);
      expect(error.message).toContain(`glaive-raw.jsonl:line ${error.line}`);
    }
  });
});

describe("ShareGPT reader", () => {
  it("reads conversations and the tools JSON string; bad speakers and bad tools are malformed", async () => {
    const malformed: UserError[] = [];
    const seeds = await collect(readShareGptSeeds(`${fixtures}sharegpt-tools.jsonl`, { onMalformed: (error) => malformed.push(error) }));
    expect(seeds.map((seed) => seed.source.line)).toEqual([1, 4]);
    expect(seeds[0]!.text.split("\n")[0]).toBe("User: I need to convert 250 US dollars to euros.");
    expect(seeds[0]!.text).toContain("Function call: ");
    expect(seeds[0]!.functions?.[0]!.name).toBe("convert_currency");
    expect(seeds[1]!.functions).toBeUndefined();
    expect(malformed.map((error) => [error.line, error.field])).toEqual([
      [2, "conversations.0.from"],
      [3, "tools"],
    ]);
  });
});

describe("ToolBench reader", () => {
  it("reads a JSON array of queries with the line each record starts on and api_list functions", async () => {
    const malformed: UserError[] = [];
    const seeds = await collect(readToolBenchSeeds(`${fixtures}toolbench-queries.json`, { onMalformed: (error) => malformed.push(error) }));
    expect(seeds).toHaveLength(2);
    expect(seeds[0]!.text).toMatch(/^User: I'm flying from Lisbon to Tokyo/);
    expect(seeds[0]!.functions?.[0]).toMatchObject({
      name: "search_flights_for_flight_finder",
      required: ["origin"],
      parameters: { origin: { type: "string" }, date: { type: "string" } },
    });
    expect(seeds[0]!.source.line).toBe(2);
    expect(malformed).toHaveLength(1);
    expect(malformed[0]!.field).toBe("query");
    expect(malformed[0]!.line).toBeGreaterThan(seeds[0]!.source.line);
    expect(malformed[0]!.line).toBeLessThan(seeds[1]!.source.line);
  });

  it("finds where each array element starts", () => {
    expect(arrayElementLines('[\n  {"a": "[{"},\n  {"b": [1,\n 2]}, 3\n]')).toEqual([2, 3, 4]);
  });
});

describe("OpenAI chat reader", () => {
  it("reads messages and tools, leaving system text out of the seed", async () => {
    const malformed: UserError[] = [];
    const seeds = await collect(readOpenAIChatSeeds(`${fixtures}openai-chat.jsonl`, { onMalformed: (error) => malformed.push(error) }));
    expect(seeds).toHaveLength(2);
    expect(seeds[0]!.text).not.toContain("You are a helpful assistant");
    expect(seeds[0]!.text).toContain('Function call: book_table {"city":"Denver","people":2}');
    expect(seeds[0]!.functions?.[0]!.required).toEqual(["city", "people"]);
    expect(malformed.map((error) => [error.line, error.field])).toEqual([[2, "messages.1.role"]]);
  });
});

describe("auto-detection", () => {
  it("recognises each format from the file's content", async () => {
    const formats = await Promise.all(
      ["glaive-raw.jsonl", "sharegpt-tools.jsonl", "toolbench-queries.json", "openai-chat.jsonl"].map(async (name) => (await detectSeedReader(`${fixtures}${name}`))?.format),
    );
    expect(formats).toEqual(["glaive", "sharegpt", "toolbench", "openai-chat"]);
  });

  it("reads every supported file of a directory in name order and reports unrecognised ones", async () => {
    const skipped: string[] = [];
    const seeds = await collect(readSeeds(`${fixtures}mixed`, { onSkippedFile: (file) => skipped.push(file) }));
    expect(seeds.map((seed) => seed.id)).toEqual(["a-glaive.jsonl:1", "b-chat.jsonl:1"]);
    expect(skipped.map((file) => file.split("/").pop())).toEqual(["notes.json"]);
  });

  it("refuses a missing input with an error that names it", async () => {
    await expect(collect(readSeeds(`${fixtures}nope.jsonl`))).rejects.toThrow(/nope\.jsonl.*--seeds/);
  });
});

describe.skipIf(!existsSync(shared))("real samples in ../shared/datasets", () => {
  if (!existsSync(shared)) console.log(`skipping real-sample seed tests: ${shared} is absent`);

  it("reads all glaive-v2 rows (raw and ShareGPT) without a malformed line", async () => {
    const malformed: UserError[] = [];
    const seeds = await collect(readSeeds(`${shared}glaive-v2`, { onMalformed: (error) => malformed.push(error) }));
    expect(malformed).toEqual([]);
    expect(seeds).toHaveLength(205);
    expect(new Set(seeds.map((seed) => seed.id)).size).toBe(205);
    expect(seeds.every((seed) => seed.text.startsWith("User:"))).toBe(true);
  });

  it("reads ToolBench queries and answer trees, skipping the response examples", async () => {
    const skipped: string[] = [];
    const seeds = await collect(readSeeds(`${shared}toolbench`, { onSkippedFile: (file) => skipped.push(file) }));
    expect(seeds).toHaveLength(27);
    expect(skipped.every((file) => file.includes("response_examples"))).toBe(true);
    const answer = seeds.find((seed) => seed.id.startsWith("data_example/answer/G1_answer/10_"))!;
    expect(answer.functions?.some((spec) => spec.name === "Finish")).toBe(false);
    expect(answer.functions?.length).toBeGreaterThan(0);
  });
});
