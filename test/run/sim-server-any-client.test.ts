import { Ajv } from "ajv";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";

/** The official `openai` client against the default sim-server, with requests this library never writes. */
let server: SimServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startSimServer({ port: 0 });
  client = new OpenAI({ apiKey: "any", baseURL: server.url, maxRetries: 0 });
});
afterAll(async () => server.close());

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
      },
      required: ["city", "unit", "days"],
      additionalProperties: false,
    },
  },
};
const searchTool = {
  type: "function" as const,
  function: {
    name: "search_flights",
    description: "Find flights between two airports",
    parameters: { type: "object", properties: { origin: { type: "string" }, destination: { type: "string" } }, required: ["origin", "destination"] },
  },
};

describe("sim-server answers any OpenAI client", () => {
  it("plain chat: a short deterministic reply", async () => {
    const ask = () => client.chat.completions.create({ model: "sim", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Write a haiku about autumn." }] });
    const first = await ask();
    expect(first.choices[0]!.finish_reason).toBe("stop");
    expect(first.choices[0]!.message.content).toContain("Write a haiku about autumn.");
    expect((await ask()).choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(first.usage!.total_tokens).toBeGreaterThan(0);
  });

  it("tools: a call to the fitting tool with schema-valid arguments taken from the request, then a final answer from the results", async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "What's the weather in Lisbon for the next 3 days, in fahrenheit?" }];
    const calling = await client.chat.completions.create({ model: "sim", messages, tools: [searchTool, weatherTool] });
    const choice = calling.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls![0]! as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe("get_weather");
    const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    const validate = new Ajv().compile(weatherTool.function.parameters);
    expect(validate(args), JSON.stringify(validate.errors)).toBe(true);
    expect(args).toEqual({ city: "Lisbon", unit: "fahrenheit", days: 3 });

    messages.push(choice.message, { role: "tool", tool_call_id: call.id, content: JSON.stringify({ temperature: 71, condition: "sunny" }) });
    const final = await client.chat.completions.create({ model: "sim", messages, tools: [searchTool, weatherTool] });
    expect(final.choices[0]!.finish_reason).toBe("stop");
    expect(final.choices[0]!.message.content).toMatch(/get_weather: temperature 71, condition sunny/);

    const forced = await client.chat.completions.create({ model: "sim", messages: messages.slice(0, 1), tools: [searchTool, weatherTool], tool_choice: { type: "function", function: { name: "search_flights" } } });
    expect((forced.choices[0]!.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall).function.name).toBe("search_flights");
    const none = await client.chat.completions.create({ model: "sim", messages: messages.slice(0, 1), tools: [weatherTool], tool_choice: "none" });
    expect(none.choices[0]!.message.tool_calls ?? []).toEqual([]);
  });

  it("streaming: content in several chunks, tool-call deltas the client reassembles, then [DONE]", async () => {
    const stream = await client.chat.completions.create({ model: "sim", messages: [{ role: "user", content: "Tell me something nice about the sea." }], stream: true });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toContain("Tell me something nice about the sea.");

    // The helper stream accumulates tool-call deltas into the final message, as apps use it.
    const runner = client.chat.completions.stream({ model: "sim", messages: [{ role: "user", content: "Weather in Osaka for 2 days in celsius" }], tools: [weatherTool] });
    const names: string[] = [];
    runner.on("tool_calls.function.arguments.done", (event) => names.push(event.name));
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Osaka", unit: "celsius", days: 2 });
    expect(names).toEqual(["get_weather"]);
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");

    const raw = await fetch(`${server.url}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "sim", stream: true, messages: [{ role: "user", content: "hi" }] }) });
    expect((await raw.text()).trimEnd().endsWith("data: [DONE]")).toBe(true);
  });
});
