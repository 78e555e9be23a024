import { AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { nativeProtocol } from "../../src/agents/native-protocol.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { HumanMessage } from "@langchain/core/messages";
import type { Message } from "../../src/schema/trajectory.js";
import { bookTask } from "../helpers/fixtures.js";

describe("native protocol", () => {
  it("reads tool calls with the message text as the thought", () => {
    const turn = nativeProtocol.parse(
      new AIMessage({ content: "Looking it up.", tool_calls: [{ id: "c1", name: "get_a", args: { x: 1 }, type: "tool_call" }] }),
    );
    expect(turn).toEqual({ kind: "calls", thought: "Looking it up.", calls: [{ name: "get_a", arguments: { x: 1 } }] });
  });

  it("reads text without calls as the final answer, or a question when it asks one", () => {
    expect(nativeProtocol.parse(new AIMessage("The author is Ann."))).toEqual({ kind: "final", thought: "", answer: "The author is Ann." });
    expect(nativeProtocol.parse(new AIMessage("Which edition do you mean?"))).toEqual({ kind: "question", text: "Which edition do you mean?" });
  });

  it("turns invalid tool-call JSON and empty replies into model-behaviour errors", () => {
    const invalid = new AIMessage({
      content: "",
      invalid_tool_calls: [{ id: "c1", name: "get_a", args: "{x:", error: "bad json", type: "invalid_tool_call" }],
    });
    expect(() => nativeProtocol.parse(invalid)).toThrow(/not valid JSON/);
    expect(() => nativeProtocol.parse(new AIMessage(""))).toThrow(/empty/);
  });

  it("binds the task's tools with parallel_tool_calls and replays history as tool messages", async () => {
    const model = new ScriptedChatModel(["ok"]);
    const task = bookTask();
    const runnable = nativeProtocol.prepareModel(model, task.functions, false);
    const history: Message[] = [
      { role: "user", content: "hi" },
      { role: "assistant", content: "", tool_calls: [{ id: "abcdefghi", type: "function", function: { name: "get_book_author", arguments: '{"title":"X"}' } }] },
      { role: "tool", tool_call_id: "abcdefghi", content: '{"author":"Ann"}' },
    ];
    await runnable.invoke([new HumanMessage("system-less"), ...nativeProtocol.toModelMessages(history)]);
    const call = model.calls[0]!;
    expect(call.parallelToolCalls).toBe(false);
    expect((call.tools as Array<{ function: { name: string; parameters: { additionalProperties: boolean } } }>).map((tool) => tool.function.name)).toEqual([
      "get_book_author",
      "get_person_birthday",
    ]);
    expect(call.messages.map((message) => message.getType())).toEqual(["human", "human", "ai", "tool"]);
  });

  it("binds a task's tools once per model and parallel setting, and again for other functions", () => {
    const model = new ScriptedChatModel(["ok"]);
    let binds = 0;
    const bindTools = model.bindTools.bind(model);
    model.bindTools = (...args: Parameters<typeof bindTools>) => {
      binds++;
      return bindTools(...args);
    };
    const task = bookTask();
    const first = nativeProtocol.prepareModel(model, task.functions, false);
    expect(nativeProtocol.prepareModel(model, task.functions, false)).toBe(first);
    expect(binds).toBe(1);
    expect(nativeProtocol.prepareModel(model, task.functions, true)).not.toBe(first);
    expect(nativeProtocol.prepareModel(model, [...task.functions], false)).not.toBe(first);
    expect(binds).toBe(3);
  });
});
