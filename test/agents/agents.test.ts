import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { checkTurn, runAssistantTurn } from "../../src/agents/assistant-agent.js";
import { nativeProtocol } from "../../src/agents/native-protocol.js";
import { taggedProtocol } from "../../src/agents/tagged-protocol.js";
import { parseToolResult, runToolAgent, toolAgentPrompt } from "../../src/agents/tool-agent.js";
import { runUserTurn, userAgentPrompt, userViewOfConversation } from "../../src/agents/user-agent.js";
import { isModelBehaviorError } from "../../src/errors.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { FunctionCatalog } from "../../src/tools/function-catalog.js";
import { bookTask } from "../helpers/fixtures.js";

const task = bookTask();
const catalog = new FunctionCatalog(task.functions);
const [authorSpec] = task.functions;

describe("user agent", () => {
  it("sees the composite task only: no sub-tasks, no function names", () => {
    const prompt = userAgentPrompt(task);
    expect(prompt).toContain(task.task);
    for (const spec of task.functions) expect(prompt).not.toContain(spec.name);
    for (const subtask of task.subtasks) expect(prompt).not.toContain(subtask.text);
  });

  it("sees the dialogue with roles swapped and tool traffic hidden", () => {
    const view = userViewOfConversation([
      { role: "user", content: "Find X" },
      { role: "assistant", content: "thinking", tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "a", content: "{}" },
      { role: "assistant", content: "Which X?" },
    ]);
    expect(view.map((message) => [message.getType(), message.content])).toEqual([
      ["human", "Write your first message to the assistant now."],
      ["ai", "Find X"],
      ["human", "Which X?"],
    ]);
  });

  it("retries an empty message, then gives up with the reason", async () => {
    const model = new ScriptedChatModel(["", "I need the author of X."]);
    const turn = await runUserTurn({ model, task, messages: [], maxRetries: 1 });
    expect(turn.value).toBe("I need the author of X.");
    expect(turn.errors.map((error) => error.code)).toEqual(["empty-output"]);
    await expect(runUserTurn({ model: new ScriptedChatModel(["", " "]), task, messages: [], maxRetries: 1 })).rejects.toMatchObject({
      name: "ModelBehaviorError",
      code: "empty-output",
    });
  });
});

describe("assistant agent", () => {
  it("names the unknown function and the available ones", () => {
    try {
      checkTurn({ kind: "calls", thought: "", calls: [{ name: "get_author", arguments: {} }] }, catalog, true);
      throw new Error("expected an error");
    } catch (error) {
      expect(isModelBehaviorError(error) && error.code).toBe("unknown-function");
      expect((error as Error).message).toBe(
        "Model tried to call unavailable tool 'get_author'. Available tools: get_book_author, get_person_birthday.",
      );
    }
  });

  it("rejects arguments that do not fit the schema, with the problem named", () => {
    expect(() => checkTurn({ kind: "calls", thought: "", calls: [{ name: "get_book_author", arguments: { title: 5 } }] }, catalog, true)).toThrow(
      /'title' must be string/,
    );
    expect(() => checkTurn({ kind: "calls", thought: "", calls: [{ name: "get_book_author", arguments: {} }] }, catalog, true)).toThrow(
      /missing required property 'title'/,
    );
    expect(() => checkTurn({ kind: "calls", thought: "", calls: [{ name: "get_book_author", arguments: "{oops" }] }, catalog, true)).toThrow(
      /not valid JSON/,
    );
  });

  it("refuses several calls in one turn when parallel calling is off", () => {
    const turn = {
      kind: "calls" as const,
      thought: "",
      calls: [
        { name: "get_book_author", arguments: { title: "A" } },
        { name: "get_book_author", arguments: { title: "B" } },
      ],
    };
    expect(() => checkTurn(turn, catalog, false)).toThrow(/parallel calling is off/);
    expect(checkTurn(turn, catalog, true).kind).toBe("calls");
  });

  it("shows the model its mistake and accepts the corrected reply", async () => {
    const model = new ScriptedChatModel([
      '<call>[{"name":"get_author","arguments":{"title":"X"}}]</call>',
      'Right.\n<call>[{"name":"get_book_author","arguments":{"title":"X"}}]</call>',
    ]);
    const turn = await runAssistantTurn({
      model,
      protocol: taggedProtocol,
      task,
      catalog,
      messages: [{ role: "user", content: "Who wrote X?" }],
      parallel: true,
      maxRetries: 2,
    });
    expect(turn.value).toEqual({ kind: "calls", thought: "Right.", calls: [{ name: "get_book_author", arguments: { title: "X" } }] });
    expect(turn.errors.map((error) => error.code)).toEqual(["unknown-function"]);
    const feedback = model.calls[1]!.messages.at(-1)!;
    expect(HumanMessage.isInstance(feedback) && String(feedback.content)).toContain("Available tools: get_book_author, get_person_birthday");
    // The privileged briefing reaches the model, not the record.
    expect(String(model.calls[0]!.messages[0]!.content)).toContain("<subtasks>");
  });

  it("gives up after the retry budget with the last error", async () => {
    const model = new ScriptedChatModel(["no tags", "still no tags"]);
    await expect(
      runAssistantTurn({ model, protocol: taggedProtocol, task, catalog, messages: [{ role: "user", content: "Hi" }], parallel: true, maxRetries: 1 }),
    ).rejects.toMatchObject({ code: "unparseable-output" });
    expect(model.calls).toHaveLength(2);
  });

  it("native replies with dangling calls are replayed as text in the feedback", async () => {
    const model = new ScriptedChatModel([
      { content: "", tool_calls: [{ name: "nope", args: {} }] },
      { content: "ok", tool_calls: [{ name: "get_book_author", args: { title: "X" } }] },
    ]);
    await runAssistantTurn({ model, protocol: nativeProtocol, task, catalog, messages: [{ role: "user", content: "Hi" }], parallel: true, maxRetries: 1 });
    const replayed = model.calls[1]!.messages.at(-2)!;
    expect(AIMessage.isInstance(replayed) && replayed.tool_calls?.length).toBe(0);
    expect(String(replayed.content)).toContain("[called: nope({})]");
  });
});

describe("tool agent", () => {
  it("sees one function definition and one call", () => {
    const prompt = toolAgentPrompt(authorSpec!);
    expect(prompt).toContain('"name":"get_book_author"');
    expect(prompt).not.toContain("get_person_birthday");
    expect(prompt).not.toContain(task.task);
  });

  it("accepts fenced JSON and rejects results that do not fit the responses", () => {
    expect(parseToolResult(new AIMessage('```json\n{"author":"Ann","publication_year":1999}\n```'), authorSpec!)).toEqual({
      author: "Ann",
      publication_year: 1999,
    });
    expect(() => parseToolResult(new AIMessage("Ann"), authorSpec!)).toThrow(/not a JSON object/);
    expect(() => parseToolResult(new AIMessage("[1]"), authorSpec!)).toThrow();
    // A number written as a string is put right against the schema; text that is no number is not.
    expect(parseToolResult(new AIMessage('{"author":"Ann","publication_year":"1999"}'), authorSpec!)).toEqual({ author: "Ann", publication_year: 1999 });
    expect(() => parseToolResult(new AIMessage('{"author":"Ann","publication_year":"late nineties"}'), authorSpec!)).toThrow(
      /'publication_year' must be integer/,
    );
    // Single quotes, comments and a sentence after the object are repaired too.
    expect(parseToolResult(new AIMessage("{'author': 'Ann', // found\n 'publication_year': 1999}\nHope this helps!"), authorSpec!)).toEqual({
      author: "Ann",
      publication_year: 1999,
    });
    expect(() => parseToolResult(new AIMessage('{"author":"Ann"}'), authorSpec!)).toThrow(/missing required property 'publication_year'/);
  });

  it("retries an invalid result with the error shown", async () => {
    const model = new ScriptedChatModel(['{"author":"Ann"}', '{"author":"Ann","publication_year":1999}']);
    const result = await runToolAgent({ model, spec: authorSpec!, arguments: { title: "X" }, maxRetries: 1 });
    expect(result.value.publication_year).toBe(1999);
    expect(String(model.calls[1]!.messages.at(-1)!.content)).toContain("publication_year");
  });
});
