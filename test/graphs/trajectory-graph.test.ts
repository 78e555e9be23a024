import { describe, expect, it } from "vitest";
import { z } from "zod";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import { trajectorySchema, type Message, type TrajectoryRecord } from "../../src/schema/trajectory.js";
import { realTool } from "../../src/tools/real-tool.js";
import { argumentProblems } from "../../src/tools/json-schema.js";
import { bookTask, exampleTask, exampleTasks } from "../helpers/fixtures.js";

const sim = () => resolveRoleModels();

function callsPerTurn(record: TrajectoryRecord): number[] {
  return record.messages.flatMap((message) => (message.role === "assistant" && message.tool_calls ? [message.tool_calls.length] : []));
}

/** The invariants every written trajectory must satisfy. */
function expectWellFormed(record: TrajectoryRecord) {
  trajectorySchema.parse(record);
  const messages = record.messages;
  expect(messages[0]!.role).toBe("system");
  expect(messages[1]!.role).toBe("user");
  const last = messages.at(-1)! as Extract<Message, { role: "assistant" }>;
  expect(last.role).toBe("assistant");
  expect(last.tool_calls ?? []).toHaveLength(0);
  const specs = new Map(record.tools.map((tool) => [tool.function.name, tool]));
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== "assistant" || !message.tool_calls) continue;
    const answers = messages.slice(index + 1, index + 1 + message.tool_calls.length);
    expect(answers.map((answer) => (answer.role === "tool" ? answer.tool_call_id : "-"))).toEqual(message.tool_calls.map((call) => call.id));
    for (const call of message.tool_calls) {
      expect(call.id).toMatch(/^[a-zA-Z0-9]{9}$/);
      const tool = specs.get(call.function.name)!;
      const spec = {
        name: tool.function.name,
        description: "",
        parameters: tool.function.parameters!.properties ?? {},
        required: tool.function.parameters!.required ?? [],
        responses: {},
      };
      expect(argumentProblems(spec, JSON.parse(call.function.arguments))).toEqual([]);
    }
  }
}

describe("trajectory graph on the simulator", () => {
  for (const protocol of ["native", "tagged"] as const) {
    it(`plays a sequential task to a final answer (${protocol})`, async () => {
      const record = await simulateTask(bookTask(), { models: sim(), protocol });
      expect(record.reason).toBeUndefined();
      expectWellFormed(record);
      expect(record.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool", "assistant"]);
      const calls = record.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : []));
      expect(calls.map((call) => call.function.name)).toEqual(["get_book_author", "get_person_birthday"]);
      expect(JSON.parse(calls[0]!.function.arguments)).toEqual({ title: "The Silent Orchard" });
      const author = JSON.parse((record.messages[3] as { content: string }).content).author;
      expect(JSON.parse(calls[1]!.function.arguments)).toEqual({ author });
      expect(record.usage?.by_role.assistant?.prompt_tokens).toBeGreaterThan(0);
      expect(record.usage?.by_role.tool?.completion_tokens).toBeGreaterThan(0);
    });
  }

  it("keeps the sub-task briefing out of the record", async () => {
    const record = await simulateTask(bookTask(), { models: sim() });
    expect(JSON.stringify(record.messages)).not.toContain("<subtasks>");
    expect((record.messages[0] as { content: string }).content).toContain("<tool>");
  });

  it("calls independent sub-tasks together when parallel is on, one at a time when off", async () => {
    const task = exampleTask("ex-02-weather-compare");
    const parallel = await simulateTask(task, { models: sim(), parallel: true });
    const serial = await simulateTask(task, { models: sim(), parallel: false });
    expect(callsPerTurn(parallel)).toEqual([2]);
    expect(callsPerTurn(serial)).toEqual([1, 1]);
    expect(parallel.parallel_tool_calls).toBe(true);
    expect(serial.parallel_tool_calls).toBe(false);
    expect((serial.messages[0] as { content: string }).content).toContain("call one function at a time");
    const cities = (record: TrajectoryRecord) =>
      record.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : [])).map((call) => JSON.parse(call.function.arguments).city);
    expect(cities(parallel)).toEqual(["Lisbon", "Porto"]);
    expect(cities(serial)).toEqual(["Lisbon", "Porto"]);
  });

  it("turns every example task into a well-formed accepted trajectory, both protocols, parallel on and off", async () => {
    for (const protocol of ["native", "tagged"] as const) {
      for (const parallel of [true, false]) {
        for (const task of exampleTasks()) {
          const record = await simulateTask(task, { models: sim(), protocol, parallel });
          expect(record.reason, `${task.id} ${protocol} parallel=${parallel}`).toBeUndefined();
          expectWellFormed(record);
          if (!parallel) expect(Math.max(0, ...callsPerTurn(record))).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("is deterministic for a seed", async () => {
    const first = await simulateTask(exampleTask("ex-05-flight-hotel"), { models: resolveRoleModels({ seed: 7 }), seed: 7 });
    const second = await simulateTask(exampleTask("ex-05-flight-hotel"), { models: resolveRoleModels({ seed: 7 }), seed: 7 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe("trajectory graph control flow (scripted models)", () => {
  const task = bookTask();
  const callAuthor = (title: string) => ({ content: "Checking.", tool_calls: [{ name: "get_book_author", args: { title } }] });

  it("rejects at the turn cap with reason turn-limit", async () => {
    const assistant = new ScriptedChatModel(Array.from({ length: 5 }, (_, index) => callAuthor(`T${index}`)));
    const record = await simulateTask(task, { models: { ...sim(), assistant }, maxTurns: 3 });
    expect(record.reason).toMatch(/^turn-limit/);
    expect(assistant.calls).toHaveLength(3);
    // Partial messages are kept for inspection; every call still has its result.
    expect(record.messages.filter((message) => message.role === "tool")).toHaveLength(3);
  });

  it("recovers from a bad reply with a corrective retry and notes it", async () => {
    const assistant = new ScriptedChatModel([
      { content: "", tool_calls: [{ name: "get_book_author", args: { name: "X" } }] },
      callAuthor("X"),
      "The author is known.",
    ]);
    const record = await simulateTask(task, { models: { ...sim(), assistant } });
    expect(record.reason).toBeUndefined();
    expect(record.meta.recovered_errors).toEqual(["assistant: invalid-arguments"]);
    expect(callsPerTurn(record)).toEqual([1]);
  });

  it("rejects with the reason when retries run out, keeping the partial messages", async () => {
    const assistant = new ScriptedChatModel(["no tags at all", "still none", "nope"]);
    const record = await simulateTask(task, { models: { ...sim(), assistant }, protocol: "tagged", maxRetries: 2 });
    expect(record.reason).toMatch(/^unparseable-output: Your reply has neither/);
    expect(record.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(record.usage?.by_role.assistant?.completion_tokens).toBeGreaterThan(0);
  });

  it("routes a clarifying question back to the user", async () => {
    const assistant = new ScriptedChatModel(["Which book do you mean?", callAuthor("The Silent Orchard"), "Done: the author is known."]);
    const record = await simulateTask(task, { models: { ...sim(), assistant } });
    expect(record.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "user", "assistant", "tool", "assistant"]);
    expect((record.messages[3] as { content: string }).content).toContain("The Silent Orchard");
  });

  it("runs one tool agent per call, concurrently, and answers repeats from the cache", async () => {
    const assistant = new ScriptedChatModel([
      { content: "Both.", tool_calls: [{ name: "get_book_author", args: { title: "A" } }, { name: "get_book_author", args: { title: "B" } }] },
      callAuthor("A"),
      "Finished.",
    ]);
    const tool = new SimChatModel({ seed: 3 });
    const record = await simulateTask(task, { models: { ...sim(), assistant, tool } });
    const tools = record.messages.filter((message) => message.role === "tool") as Array<{ content: string }>;
    expect(tools).toHaveLength(3);
    expect(tools[2]!.content).toBe(tools[0]!.content);
  });

  it("rejects when the tool agent keeps returning results that do not fit", async () => {
    const assistant = new ScriptedChatModel([callAuthor("A")]);
    const tool = new ScriptedChatModel(['{"author":1}', '{"author":2}']);
    const record = await simulateTask(task, { models: { ...sim(), assistant, tool }, maxRetries: 1 });
    expect(record.reason).toMatch(/^invalid-result: The result does not fit the responses of 'get_book_author'/);
  });

  it("runs a real TypeScript tool and keeps its result unchanged", async () => {
    const lookup = realTool({
      name: "get_book_author",
      input: z.object({ title: z.string() }),
      run: ({ title }) => ({ author: `Author of ${title}`, publication_year: 2001 }),
    });
    const record = await simulateTask(task, { models: sim(), realTools: { get_book_author: lookup } });
    expect(record.reason).toBeUndefined();
    const first = record.messages.find((message) => message.role === "tool") as { content: string };
    expect(JSON.parse(first.content)).toEqual({ author: "Author of The Silent Orchard", publication_year: 2001 });
  });
});

describe("native replies that end in a question mark", () => {
  it("are the final answer once tools have run (not a clarifying question)", async () => {
    const assistant = new ScriptedChatModel([
      { content: "Checking.", tool_calls: [{ name: "get_book_author", args: { title: "The Silent Orchard" } }] },
      "The author is Aiko Tanaka. Is there anything else I can help you with?",
    ]);
    const record = await simulateTask(bookTask(), { models: { ...sim(), assistant } });
    expect(record.reason).toBeUndefined();
    expect(record.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(assistant.calls).toHaveLength(2);
  });
});

describe("the calls of one parallel turn", () => {
  it("run concurrently: each call waits for the other to start", async () => {
    let arrived = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    // A deadlock guard, not a timing assertion: run one after the other, the first call would wait forever.
    const guard = (ms: number) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error("calls ran one after the other")), ms).unref());
    const lookup = realTool({
      name: "get_book_author",
      input: z.object({ title: z.string() }),
      run: async ({ title }) => {
        if (++arrived === 2) release();
        await Promise.race([bothStarted, guard(120_000)]);
        return { author: `Author of ${title}`, publication_year: 2000 };
      },
    });
    const assistant = new ScriptedChatModel([
      { content: "Both.", tool_calls: [{ name: "get_book_author", args: { title: "A" } }, { name: "get_book_author", args: { title: "B" } }] },
      "Done.",
    ]);
    const record = await simulateTask(bookTask(), { models: { ...sim(), assistant }, realTools: { get_book_author: lookup } });
    expect(record.reason).toBeUndefined();
    expect(arrived).toBe(2);
  });
});
