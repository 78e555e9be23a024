import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { UserError } from "../../src/errors.js";
import { glaiveFormat, glaiveSeedReader, parseGlaive } from "../../src/formats/glaive-format.js";
import { openAIChatSeedReader, openAIFormat } from "../../src/formats/openai-format.js";
import type { RecordFormat } from "../../src/formats/record-format.js";
import { readJsonRecords } from "../../src/formats/seeds/json-records.js";
import { renderTurns, type Turn } from "../../src/formats/seeds/conversation-text.js";
import type { Seed, SeedReader } from "../../src/formats/seeds/seed.js";
import { parseShareGPT, shareGPTFormat, shareGPTSeedReader } from "../../src/formats/sharegpt-format.js";
import { tauBenchFormat } from "../../src/formats/tau-bench-format.js";
import { parseToolBenchAnswer, toolBenchFormat, toolBenchSeedReader } from "../../src/formats/toolbench-format.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { fixturePath, sharedDatasets } from "../helpers/shared-datasets.js";

/**
 * Each source format is parsed once and both the canonical record (validate, stats, export) and
 * the seed (construction) are built from that parse. On real rows the two must tell the same
 * conversation; on a defective row they must refuse it at the same field.
 */
const datasets = sharedDatasets(import.meta.url);
const path = (...parts: string[]) => join(datasets.dir, ...parts);

interface Row {
  line: number;
  value: unknown;
}

async function rowsOf(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const entry of readJsonRecords(file)) {
    if ("error" in entry) throw entry.error;
    rows.push(entry);
  }
  return rows;
}

/** The record and the seed of one row, read by the format's two entry points. */
function bothOf(format: RecordFormat, reader: SeedReader, file: string, row: Row): { record: TrajectoryRecord; seed: Seed } {
  const location = { file, line: row.line, name: "sample" };
  return { record: format.read(row.value, location), seed: reader.toSeed(row.value, location) };
}

/** The seed's lines said by `speaker`, without the speaker. */
function said(seed: Seed, speaker: Turn["speaker"]): string[] {
  const prefix = `${speaker}: `;
  return seed.text
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

/** Texts as the seed renders them (whitespace collapsed, long ones clipped). */
function rendered(speaker: Turn["speaker"], texts: string[]): string[] {
  const text = renderTurns(texts.map((content) => ({ speaker, text: content })));
  return text === "" ? [] : text.split("\n").map((line) => line.slice(speaker.length + 2));
}

function expectSameUsersAndCalls(record: TrajectoryRecord, seed: Seed): void {
  const users = record.messages.flatMap((message) => (message.role === "user" ? [message.content] : []));
  expect(said(seed, "User")).toEqual(rendered("User", users));
  expectSameCalls(record, seed);
}

function expectSameCalls(record: TrajectoryRecord, seed: Seed): void {
  const calls = record.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : []));
  const callText = said(seed, "Function call").join("\n");
  let from = 0;
  for (const call of calls) {
    const at = callText.indexOf(call.function.name, from);
    expect(at, `call ${call.function.name} in the seed, in order`).toBeGreaterThanOrEqual(0);
    from = at + call.function.name.length;
  }
}

function expectSameResults(record: TrajectoryRecord, seed: Seed): void {
  const results = record.messages.flatMap((message) => (message.role === "tool" ? [message.content] : []));
  expect(said(seed, "Function result")).toEqual(rendered("Function result", results));
}

function expectSameFunctions(record: TrajectoryRecord, seed: Seed): void {
  expect((seed.functions ?? []).map((spec) => spec.name)).toEqual(record.tools.map((tool) => tool.function.name));
}

function refusal(read: () => unknown): UserError {
  try {
    read();
  } catch (error) {
    return error as UserError;
  }
  throw new Error("expected the row to be refused");
}

describe.skipIf(!datasets.exists)("one parse per format, on real data in ../shared/datasets", () => {
  it("glaive v2 raw: record and seed carry the same turns, calls, results and functions", async () => {
    const file = path("glaive-v2", "glaive_v2_raw.jsonl");
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(5);
    let calls = 0;
    for (const row of rows) {
      const { record, seed } = bothOf(glaiveFormat, glaiveSeedReader, file, row);
      const parsed = parseGlaive(row.value);
      expect(record.messages.filter((message) => message.role === "user")).toHaveLength(parsed.turns.filter((turn) => turn.speaker === "USER").length);
      expectSameUsersAndCalls(record, seed);
      expectSameResults(record, seed);
      expectSameFunctions(record, seed);
      calls += parsed.turns.filter((turn) => turn.call).length;
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("ShareGPT (LLaMA-Factory glaive demo, 200 rows): record and seed carry the same turns, calls and tools", async () => {
    const file = path("glaive-v2", "glaive_toolcall_en_demo_sharegpt_first200.jsonl");
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      const { record, seed } = bothOf(shareGPTFormat, shareGPTSeedReader, file, row);
      expectSameUsersAndCalls(record, seed);
      expectSameFunctions(record, seed);
      const parsed = parseShareGPT(row.value);
      expect(said(seed, "Function call")).toHaveLength(parsed.turns.filter((turn) => turn.from === "function_call").length);
    }
  });

  it("ToolBench DFS answers: the record's tools are the seed's functions, Finish left out of both", async () => {
    const directory = path("toolbench", "data_example", "answer", "G1_answer");
    let records = 0;
    for (const name of readdirSync(directory).sort()) {
      const file = join(directory, name);
      const [row] = await rowsOf(file);
      const answer = parseToolBenchAnswer(row!.value);
      const seed = toolBenchSeedReader.toSeed(row!.value, { file, line: 1, name });
      expect(seed.text).toBe(`User: ${String(answer.query).trim()}`);
      expect(seed.functions?.some((spec) => spec.name === "Finish")).toBe(false);
      if (!answer.trajectory) {
        // No trajectory: nothing to train on, but the query still seeds construction.
        expect(() => toolBenchFormat.read(row!.value, { file, line: 1 })).toThrow(/no train_messages/);
        continue;
      }
      const record = toolBenchFormat.read(row!.value, { file, line: 1 });
      expectSameFunctions(record, seed);
      records++;
    }
    expect(records).toBeGreaterThan(0);
  });

  it("OpenAI messages (τ-bench trajectories): the record and the seed read the same message list", async () => {
    const file = path("tau-bench", "gpt-4o-airline_first30.jsonl");
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(30);
    for (const row of rows) {
      const { record, seed } = bothOf(tauBenchFormat, openAIChatSeedReader, file, row);
      // The record drops the user's closing turns after the last reply (meta.dropped_user_turns).
      const dropped = ((record.meta.dropped_user_turns as string[] | undefined) ?? []).length;
      const users = record.messages.flatMap((message) => (message.role === "user" ? [message.content] : []));
      expect(said(seed, "User").slice(0, said(seed, "User").length - dropped)).toEqual(rendered("User", users));
      expect(dropped).toBeLessThanOrEqual(said(seed, "User").length);
      expectSameCalls(record, seed);
      expectSameResults(record, seed);
    }
  });
});

describe("one parse per format, on the OpenAI fixture", () => {
  it("OpenAI chat records: record and seed carry the same turns, calls, results and tools", async () => {
    const file = fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl");
    const rows = await rowsOf(file);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const { record, seed } = bothOf(openAIFormat, openAIChatSeedReader, file, row);
      expectSameUsersAndCalls(record, seed);
      expectSameResults(record, seed);
      expectSameFunctions(record, seed);
    }
  });
});

describe("a defect is judged once, for records and seeds alike", () => {
  const location = { file: "rows.jsonl", line: 7, name: "rows.jsonl" };
  const both = (format: RecordFormat, reader: SeedReader, value: unknown) => [refusal(() => format.read(value, location)), refusal(() => reader.toSeed(value, location))];

  it("glaive: a <functioncall> that holds no call is refused by both at 'chat'", () => {
    const row = { system: "SYSTEM: no functions", chat: "USER: hi\n\n\nASSISTANT: <functioncall> call the weather please" };
    for (const error of both(glaiveFormat, glaiveSeedReader, row)) expect(error).toMatchObject({ name: "UserError", line: 7, field: "chat" });
  });

  it("glaive: a function schema in 'system' that is not JSON is refused by both at 'system'", () => {
    const row = { system: 'SYSTEM: functions -\n{"name": "f", "parameters": {,}}', chat: "USER: hi" };
    for (const error of both(glaiveFormat, glaiveSeedReader, row)) expect(error).toMatchObject({ field: "system" });
  });

  it("ShareGPT: {role, content} turns read as records and as seeds; an unknown speaker is refused by both", () => {
    const row = { conversations: [{ role: "user", content: "Convert 5 USD to EUR." }, { role: "assistant", content: "About 4.6 EUR." }] };
    expect(shareGPTFormat.read(row, location).messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(shareGPTSeedReader.toSeed(row, location).text).toBe("User: Convert 5 USD to EUR.\nAssistant: About 4.6 EUR.");
    const robot = { conversations: [{ from: "robot", value: "beep" }] };
    for (const error of both(shareGPTFormat, shareGPTSeedReader, robot)) expect(error).toMatchObject({ field: "conversations.0.from" });
  });

  it("ToolBench: a function list that is not a list is refused by both", () => {
    const row = { answer_generation: { query: "Find a flight.", function: "not a list", train_messages: [] } };
    for (const error of both(toolBenchFormat, toolBenchSeedReader, row)) expect(error).toMatchObject({ field: "answer_generation.function" });
  });

  it("OpenAI: a tool result without the id of its call is refused by both", () => {
    const row = {
      messages: [
        { role: "user", content: "Weather in Lisbon?" },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
        { role: "tool", content: "sunny" },
      ],
    };
    for (const error of both(openAIFormat, openAIChatSeedReader, row)) expect(error).toMatchObject({ field: "messages.2.tool_call_id" });
  });
});
