import { afterEach, describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { FaultInjector, parseFaultMix } from "../../src/run/fault-injector.js";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import type { SimSkill } from "../../src/models/sim/sim-request.js";

/** A skill that calls the first bound tool with the user's text, or answers once a tool result is in. */
const echoSkill: SimSkill = {
  name: "echo",
  matches: () => true,
  respond: (request) => {
    const last = request.messages[request.messages.length - 1]!;
    if (last.getType() === "tool") return { content: `result was ${String(last.content)}` };
    const tool = request.tools[0];
    if (!tool) return { content: `you said: ${String(last.content)}` };
    return { content: "", toolCalls: [{ name: tool.function.name, args: { text: String(last.content) } }] };
  },
};

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(url: string, body: unknown): Promise<{ status: number; json: any; headers: Headers; text: string }> {
  const response = await fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, headers: response.headers, text };
}

const tools = [{ type: "function", function: { name: "lookup", description: "Look something up", parameters: { type: "object", properties: { text: { type: "string" } } } } }];

describe("sim-server", () => {
  it("answers chat completions with tool calls as JSON text, finish_reason and usage, and lists models", async () => {
    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }) });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0].id).toBe("sim");

    const first = await post(server.url, { model: "sim", messages: [{ role: "user", content: "find kiwis" }], tools, tool_choice: "auto", parallel_tool_calls: false });
    expect(first.status).toBe(200);
    const choice = first.json.choices[0];
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls[0];
    expect(JSON.parse(call.function.arguments)).toEqual({ text: "find kiwis" });
    expect(first.json.usage.total_tokens).toBe(first.json.usage.prompt_tokens + first.json.usage.completion_tokens);

    // The assistant's tool call and the tool's answer go back in, as an OpenAI client sends them.
    const second = await post(server.url, {
      messages: [{ role: "user", content: "find kiwis" }, choice.message, { role: "tool", tool_call_id: call.id, content: '{"found":3}' }],
      tools,
    });
    expect(second.json.choices[0]).toMatchObject({ finish_reason: "stop", message: { role: "assistant", content: 'result was {"found":3}' } });
  });

  it("works with the real ChatOpenAI client, tool binding included", async () => {
    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }) });
    const client = new ChatOpenAI({ model: "sim", apiKey: "test", configuration: { baseURL: server.url }, maxRetries: 0 });
    const reply = await client.bindTools(tools).invoke([new SystemMessage("be brief"), new HumanMessage("find plums")]);
    expect(reply.tool_calls?.[0]).toMatchObject({ name: "lookup", args: { text: "find plums" } });
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(0);
  });

  it("streams when asked, usage in the last chunk", async () => {
    // The plain OpenAI client: ChatOpenAI's streaming path counts tokens with tiktoken, which downloads its tables.
    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }) });
    const client = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: "sim",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let total = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      total = chunk.usage?.total_tokens ?? total;
    }
    expect(text).toBe("you said: hello");
    expect(finish).toBe("stop");
    expect(total).toBeGreaterThan(0);
  });

  it("says what is wrong with a bad request", async () => {
    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }) });
    const missing = await post(server.url, { messages: [] });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain("messages");
    const badTool = await post(server.url, { messages: [{ role: "tool", content: "x" }] });
    expect(badTool.json.error.param).toBe("messages[0].tool_call_id");
  });

  it("injects each fault kind: 429 with Retry-After, 500, malformed JSON, a stall", async () => {
    const body = { messages: [{ role: "user", content: "hi" }] };
    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }), failRate: 1, faults: { "rate-limit": 1 }, retryAfterSeconds: 3 });
    const limited = await post(server.url, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    await server.close();

    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }), failRate: 1, faults: { "server-error": 1 } });
    expect((await post(server.url, body)).status).toBe(500);
    await server.close();

    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }), failRate: 1, faults: { malformed: 1 } });
    const malformed = await post(server.url, body);
    expect(malformed.status).toBe(200);
    expect(malformed.json).toBeUndefined();
    await server.close();

    server = await startSimServer({ model: new SimChatModel({ skills: [echoSkill] }), failRate: 1, faults: { timeout: 1 }, maxFaultsPerRequest: 1 });
    const stalled = await fetch(`${server.url}/chat/completions`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(200) }).catch(
      (error: Error) => error.name,
    );
    expect(stalled).toBe("TimeoutError");
    // After maxFaultsPerRequest faults the same request goes through.
    expect((await post(server.url, body)).status).toBe(200);
    expect(server.stats().faults.timeout).toBe(1);
  });
});

describe("FaultInjector", () => {
  it("is deterministic for a seed whatever the arrival order, and near the fail rate", () => {
    const bodies = Array.from({ length: 2000 }, (_, index) => `request ${index}`);
    const forward = new FaultInjector({ failRate: 0.2, seed: 5 });
    const backward = new FaultInjector({ failRate: 0.2, seed: 5 });
    const a = bodies.map((body) => forward.decide(body));
    const b = [...bodies].reverse().map((body) => backward.decide(body)).reverse();
    expect(a).toEqual(b);
    const share = a.filter(Boolean).length / bodies.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    expect(new Set(a.filter(Boolean))).toEqual(new Set(["rate-limit", "server-error", "timeout", "malformed"]));
  });

  it("parses a fault mix and rejects unknown kinds", () => {
    expect(parseFaultMix("rate-limit=2, timeout")).toEqual({ "rate-limit": 2, timeout: 1 });
    expect(() => parseFaultMix("gremlins=1")).toThrow(/unknown fault 'gremlins'/);
  });
});
