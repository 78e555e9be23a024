import { afterEach, describe, expect, it } from "vitest";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveModel, resolveRoleModels } from "../../src/models/resolve-model.js";
import { bookTask } from "../helpers/fixtures.js";
import { startScriptedOpenAIServer } from "../helpers/scripted-openai-server.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("real ChatOpenAI client against an OpenAI-compatible server on 127.0.0.1", () => {
  it("plays the assistant through HTTP with native tool calls", async () => {
    const server = await startScriptedOpenAIServer([
      { content: "I will look up the author first.", tool_calls: [{ id: "call_srv_1", name: "get_book_author", arguments: '{"title":"The Silent Orchard"}' }] },
      { content: "The author is Aiko Tanaka; now her birthday.", tool_calls: [{ id: "call_srv_2", name: "get_person_birthday", arguments: '{"author":"Aiko Tanaka"}' }] },
      { content: "The author was born on 1961-04-02." },
    ]);
    close = server.close;
    const assistant = resolveModel("openai:test-model", { baseUrl: server.url, apiKey: "test-key", clientRetries: 0 });
    const record = await simulateTask(bookTask(), { models: { ...resolveRoleModels(), assistant }, parallel: false });

    expect(record.reason).toBeUndefined();
    expect(record.meta.models).toMatchObject({ assistant: "test-model" });
    expect(server.requests).toHaveLength(3);
    const first = server.requests[0]!;
    expect(first.model).toBe("test-model");
    expect(first.parallel_tool_calls).toBe(false);
    expect(first.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(["get_book_author", "get_person_birthday"]);
    // The second request replays the call under our canonical id, answered by a tool message.
    const second = server.requests[1]!;
    const assistantTurn = second.messages.find((message: { role: string }) => message.role === "assistant");
    const toolTurn = second.messages.find((message: { role: string }) => message.role === "tool");
    expect(assistantTurn.tool_calls[0].id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(toolTurn.tool_call_id).toBe(assistantTurn.tool_calls[0].id);
    // Usage reported by the endpoint is what the record counts.
    expect(record.usage?.by_role.assistant).toEqual({ prompt_tokens: 101 + 102 + 103, completion_tokens: 60 });
    const final = record.messages.at(-1)!;
    expect(final).toMatchObject({ role: "assistant", content: "The author was born on 1961-04-02." });
  });

  it("rejects the trajectory after corrective retries when the endpoint keeps naming an unknown tool", async () => {
    const bad = { content: "", tool_calls: [{ id: "x", name: "lookup", arguments: "{}" }] };
    const server = await startScriptedOpenAIServer([bad, bad, bad]);
    close = server.close;
    const assistant = resolveModel("test-model", { baseUrl: server.url, apiKey: "k", clientRetries: 0 });
    const record = await simulateTask(bookTask(), { models: { ...resolveRoleModels(), assistant }, maxRetries: 2 });
    expect(record.reason).toBe(
      "unknown-function: Model tried to call unavailable tool 'lookup'. Available tools: get_book_author, get_person_birthday.",
    );
    expect(server.requests).toHaveLength(3);
    expect(JSON.stringify(server.requests[1]!.messages.at(-1))).toContain("Available tools");
  });

  it("surfaces an HTTP 500 as a transport error with its status", async () => {
    const server = await startScriptedOpenAIServer([{ status: 500, body: '{"error":{"message":"boom"}}' }]);
    close = server.close;
    const assistant = resolveModel("test-model", { baseUrl: server.url, apiKey: "k", clientRetries: 0 });
    await expect(simulateTask(bookTask(), { models: { ...resolveRoleModels(), assistant } })).rejects.toMatchObject({
      name: "SystemError",
      code: "transport",
      status: 500,
    });
  });

  it("explains how to configure a real model when no key or base URL is given", () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => resolveModel("openai:gpt-4o")).toThrow(/set OPENAI_API_KEY, or pass --base-url/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
