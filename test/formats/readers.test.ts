import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUserError, UserError } from "../../src/errors.js";
import { buttonFormat } from "../../src/formats/button-format.js";
import { buttonSystemPrompt, PARALLEL_ON_SENTENCE } from "../../src/formats/button-system-prompt.js";
import { isPortableCallId, withPortableCallIds } from "../../src/formats/call-ids.js";
import { detectFormat, getFormat } from "../../src/formats/format-registry.js";
import { hermesFormat } from "../../src/formats/hermes-format.js";
import { openAIFormat, writeOpenAI } from "../../src/formats/openai-format.js";
import { readRecords } from "../../src/formats/read-records.js";
import { shareGPTFormat } from "../../src/formats/sharegpt-format.js";
import { trainingTools } from "../../src/formats/training-tools.js";
import { fixturePath } from "../helpers/shared-datasets.js";
import { loadOpenAIFixture } from "../helpers/records.js";

const fixture = fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl");
const records = loadOpenAIFixture(fixture);
const parallel = records[0]!;

function catchError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("format detection", () => {
  it("recognises each written format and the foreign layouts", () => {
    expect(detectFormat(openAIFormat.write!(parallel))?.name).toBe("openai");
    expect(detectFormat(buttonFormat.write!(parallel))?.name).toBe("button");
    expect(detectFormat(shareGPTFormat.write!(parallel))?.name).toBe("sharegpt");
    expect(detectFormat(hermesFormat.write!(parallel))?.name).toBe("hermes");
    expect(detectFormat({ task_id: 3, trial: 0, traj: [] })?.name).toBe("tau-bench");
    expect(detectFormat({ query: "q", tools: "[]", answers: "[]" })?.name).toBe("xlam");
    expect(detectFormat({ hello: "world" })).toBeUndefined();
  });

  it("rejects an unknown format name with the list of known ones", () => {
    expect(() => getFormat("alpaca")).toThrow(/unknown format 'alpaca'; choose one of: auto, .*button/);
  });
});

describe("BUTTON writer", () => {
  const written = buttonFormat.write!(parallel) as { messages: Array<{ role: string; content: string }> };

  it("writes the exact BUTTON system prompt, then the source's own system text", () => {
    const system = written.messages[0]!.content;
    const specs = parallel.tools.map((tool) => ({
      name: tool.function.name,
      description: tool.function.description ?? "",
      parameters: tool.function.parameters?.properties ?? {},
      required: tool.function.parameters?.required ?? [],
      responses: {},
    }));
    expect(system.startsWith(buttonSystemPrompt(specs, true))).toBe(true);
    expect(system).toContain(PARALLEL_ON_SENTENCE);
    expect(system.endsWith("You are a helpful travel assistant.")).toBe(true);
  });

  it("writes calls as thought + <call>[…]</call>, tool turns as one JSON list in call order, and <final>", () => {
    const [, user, calling, tool, final] = written.messages;
    expect(user).toEqual({ role: "user", content: parallel.messages[1]!.content });
    expect(calling!.content).toMatch(/^I will look up both cities.*\n<call>\[\{"name":"get_weather","arguments":\{"city":"Lisbon","unit":"celsius"\}\},/);
    const entries = JSON.parse(tool!.content) as Array<{ name: string; arguments: { city?: string }; results: { city?: string } }>;
    expect(entries.map((entry) => [entry.name, entry.arguments.city, entry.results.city])).toEqual([
      ["get_weather", "Lisbon", "Lisbon"],
      ["get_weather", "Osaka", "Osaka"],
      ["convert_currency", undefined, undefined],
    ]);
    expect(final!.content).toBe(`All three results are in; I can answer.\n<final>${parallel.messages[6]!.content}</final>`);
    expect(written.messages).toHaveLength(5);
  });
});

describe("OpenAI writer meets the chat templates' constraints", () => {
  it("makes every call id 9 alphanumeric characters and keeps each result paired with its call", () => {
    const multi = records[2]!;
    const exported = writeOpenAI(multi) as { messages: Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string }> };
    const callIds = exported.messages.flatMap((message) => (message.tool_calls ?? []).map((call) => call.id));
    expect(callIds).toHaveLength(1);
    expect(callIds.every(isPortableCallId)).toBe(true);
    expect(exported.messages.find((message) => message.role === "tool")?.tool_call_id).toBe(callIds[0]);
  });

  it("keeps ids that already fit and separates ids a source reused across turns", () => {
    const messages = withPortableCallIds([
      { role: "user", content: "x" },
      { role: "assistant", content: "", tool_calls: [{ id: "abcDEF123", type: "function", function: { name: "f", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "abcDEF123", content: "1" },
      { role: "assistant", content: "", tool_calls: [{ id: "abcDEF123", type: "function", function: { name: "g", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "abcDEF123", content: "2" },
    ]);
    const ids = messages.map((message) => (message.role === "assistant" ? message.tool_calls?.[0]?.id : message.role === "tool" ? message.tool_call_id : undefined));
    expect(ids[1]).toBe("abcDEF123");
    expect(ids[2]).toBe("abcDEF123");
    expect(ids[3]).not.toBe("abcDEF123");
    expect(ids[4]).toBe(ids[3]);
    expect(isPortableCallId(ids[3]!)).toBe(true);
  });

  it("drops a BUTTON system prompt (the tagged protocol's) and keeps any text after it", () => {
    const specs = [{ name: "get_weather", description: "", parameters: {}, required: [], responses: {} }];
    const tagged = { ...parallel, messages: [{ role: "system" as const, content: buttonSystemPrompt(specs, true) }, ...parallel.messages.slice(1)] };
    const plain = writeOpenAI(tagged) as { messages: Array<{ role: string; content: string }> };
    expect(plain.messages[0]!.role).toBe("user");
    const withOwn = { ...tagged, messages: [{ role: "system" as const, content: `${buttonSystemPrompt(specs, true)}Be brief.` }, ...parallel.messages.slice(1)] };
    expect((writeOpenAI(withOwn) as { messages: Array<{ role: string; content: string }> }).messages[0]).toEqual({ role: "system", content: "Be brief." });
    expect((hermesFormat.write!(tagged) as { conversations: Array<{ value: string }> }).conversations[0]!.value.startsWith("You are a function calling AI model.")).toBe(true);
  });

  it("describes every function and parameter and normalises loose types", () => {
    const [tool] = trainingTools([
      { type: "function", function: { name: "get_user_details", parameters: { type: "object", properties: { user_id: { type: "str" } }, required: ["user_id"] } } },
    ]);
    expect(tool!.function.description).toBe("Get user details.");
    expect(tool!.function.parameters?.properties?.user_id).toEqual({ type: "string", description: "User id." });
  });
});

describe("ShareGPT (LLaMA-Factory)", () => {
  it("writes a parallel turn as one function_call list and one observation joined with LLaMA-Factory's separator", () => {
    const written = shareGPTFormat.write!(parallel) as { conversations: Array<{ from: string; value: string }>; system: string; tools: string };
    expect(written.conversations.map((turn) => turn.from)).toEqual(["human", "function_call", "observation", "gpt"]);
    expect(JSON.parse(written.conversations[1]!.value)).toEqual([
      { name: "get_weather", arguments: { city: "Lisbon", unit: "celsius" } },
      { name: "get_weather", arguments: { city: "Osaka" } },
      { name: "convert_currency", arguments: { amount: 250, from: "EUR", to: "JPY" } },
    ]);
    expect(written.conversations[2]!.value.split("\n</tool_response>\n<tool_response>\n").map((part) => JSON.parse(part).city ?? "money")).toEqual(["Lisbon", "Osaka", "money"]);
    expect(written.system).toBe("You are a helpful travel assistant.");
    expect((JSON.parse(written.tools) as Array<{ name: string }>).map((tool) => tool.name)).toEqual(["get_weather", "convert_currency"]);
  });

  it("reads consecutive function_call and observation turns as one parallel turn, paired in order", () => {
    const record = shareGPTFormat.read({
      conversations: [
        { from: "human", value: "Ages for 1990-05-15 and 1992-10-13?" },
        { from: "function_call", value: '{"name": "calculate_age", "arguments": {"birthdate": "1990-05-15"}}' },
        { from: "function_call", value: '{"name": "calculate_age", "arguments": {"birthdate": "1992-10-13"}}' },
        { from: "observation", value: '{"age": 31}' },
        { from: "observation", value: '{"age": 29}' },
        { from: "gpt", value: "31 and 29." },
      ],
      tools: '[{"name": "calculate_age", "description": "Age from a birth date", "parameters": {"type": "object", "properties": {"birthdate": {"type": "string"}}, "required": ["birthdate"]}}]',
    });
    const calling = record.messages[1]!;
    expect(calling.role === "assistant" && calling.tool_calls!.map((call) => call.id)).toEqual(["call00001", "call00002"]);
    expect(record.messages.slice(2, 4)).toEqual([
      { role: "tool", tool_call_id: "call00001", name: "calculate_age", content: '{"age": 31}' },
      { role: "tool", tool_call_id: "call00002", name: "calculate_age", content: '{"age": 29}' },
    ]);
    expect(record.parallel_tool_calls).toBe(true);
  });

  it("refuses to write a record LLaMA-Factory would drop, saying why", () => {
    const endsOnResult = { ...parallel, messages: parallel.messages.slice(0, -1) };
    expect(() => shareGPTFormat.write!(endsOnResult)).toThrow(
      "record 'r-parallel' cannot be written as LLaMA-Factory ShareGPT: the conversation must end with a gpt or function_call turn",
    );
  });
});

describe("readers report malformed records with file, line and field", () => {
  it("names the field of a tool call without a function name", () => {
    const error = catchError(() =>
      openAIFormat.read(
        { messages: [{ role: "user", content: "hi" }, { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { arguments: "{}" } }] }] },
        { file: "data.jsonl", line: 7 },
      ),
    );
    expect(error).toMatchObject({ file: "data.jsonl", line: 7, field: "messages.1.tool_calls.0.function.name" });
    expect(error.message).toMatch(/^data\.jsonl:line 7 \(field 'messages\.1\.tool_calls\.0\.function\.name'\): a tool call needs a function name/);
  });

  it("names an unknown role", () => {
    const error = catchError(() => openAIFormat.read({ messages: [{ role: "robot", content: "beep" }] }, { line: 2 }));
    expect(error.field).toBe("messages.0.role");
    expect(error.message).toContain("unknown role 'robot'");
  });

  it("rejects a BUTTON call list that is not JSON", () => {
    const error = catchError(() =>
      buttonFormat.read({ messages: [{ role: "user", content: "hi" }, { role: "assistant", content: "thinking\n<call>[{name: f}]</call>" }] }, { line: 3 }),
    );
    expect(error.field).toBe("messages.1.content");
    expect(error.message).toContain("not valid JSON");
  });

  it("rejects a ShareGPT observation-free function_call that is not JSON", () => {
    const error = catchError(() => shareGPTFormat.read({ conversations: [{ from: "human", value: "hi" }, { from: "function_call", value: "f(x=1)" }] }));
    expect(error.field).toBe("conversations.1.value");
  });
});

describe("reading files", () => {
  const dir = mkdtempSync(join(tmpdir(), "button-formats-"));

  it("reports a torn line with its number and goes on reading the rest", async () => {
    const lines = (await import("node:fs")).readFileSync(fixture, "utf8").trim().split("\n");
    const torn = lines[1]!.slice(0, 80);
    const file = join(dir, "torn.jsonl");
    writeFileSync(file, [lines[0], torn, "", lines[2]].join("\n") + "\n");
    const results = [];
    for await (const entry of readRecords(file)) results.push(entry);
    expect(results.map((entry) => [entry.line, entry.record?.id, entry.error ? "error" : "ok"])).toEqual([
      [1, "r-parallel", "ok"],
      [2, undefined, "error"],
      [4, "r-multi-turn", "ok"],
    ]);
    expect(results[1]!.error!.message).toMatch(/torn\.jsonl:line 2: not valid JSON .*torn or truncated/);
  });

  it("reads a JSON array file, numbering records by position", async () => {
    const file = join(dir, "array.json");
    writeFileSync(file, JSON.stringify(records.map((record) => openAIFormat.write!(record))));
    const results = [];
    for await (const entry of readRecords(file, { format: "openai" })) results.push(entry);
    expect(results.map((entry) => [entry.line, entry.format, entry.record?.messages.length])).toEqual([
      [1, "openai", 7],
      [2, "openai", 6],
      [3, "openai", 6],
    ]);
  });
});
