import { AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { isModelBehaviorError } from "../../src/errors.js";
import { parseTaggedText, renderTaggedAssistant, renderToolTurn, taggedProtocol } from "../../src/agents/tagged-protocol.js";
import type { Message } from "../../src/schema/trajectory.js";

function failure(text: string) {
  try {
    parseTaggedText(text);
  } catch (error) {
    if (isModelBehaviorError(error)) return error;
    throw error;
  }
  throw new Error("expected a model-behaviour error");
}

describe("tagged protocol parsing", () => {
  it("reads a thought and a list of calls", () => {
    const turn = parseTaggedText('I will look it up.\n<call>[{"name":"get_a","arguments":{"x":1}},{"name":"get_b","arguments":{}}]</call>');
    expect(turn).toEqual({
      kind: "calls",
      thought: "I will look it up.",
      calls: [
        { name: "get_a", arguments: { x: 1 } },
        { name: "get_b", arguments: {} },
      ],
    });
  });

  it("accepts a single call object and a fenced body", () => {
    const turn = parseTaggedText('<call>```json\n{"name":"get_a","arguments":{"x":2}}\n```</call>');
    expect(turn).toEqual({ kind: "calls", thought: "", calls: [{ name: "get_a", arguments: { x: 2 } }] });
  });

  it("reads a final answer with its thought", () => {
    expect(parseTaggedText("Done.\n<final>The author is Ann.</final>")).toEqual({ kind: "final", thought: "Done.", answer: "The author is Ann." });
  });

  it("treats untagged text ending in a question mark as a clarifying question", () => {
    expect(parseTaggedText("Which city do you mean?")).toEqual({ kind: "question", text: "Which city do you mean?" });
  });

  it("rejects invalid JSON, both tags, no tags, empty lists and empty answers with instructions", () => {
    expect(failure("<call>[{name: get_a}]</call>").code).toBe("unparseable-output");
    expect(failure("<call>[{name: get_a}]</call>").message).toContain("not valid JSON");
    expect(failure('<call>[{"name":"a","arguments":{}}]</call><final>x</final>').message).toContain("both <call> and <final>");
    expect(failure("I think that is all.").message).toContain("neither <call></call> nor <final></final>");
    expect(failure("<call>[]</call>").message).toContain("empty list");
    expect(failure('<call>[{"arguments":{}}]</call>').message).toContain('"name" string');
    expect(failure("<final> </final>").code).toBe("empty-output");
    expect(failure("   ").code).toBe("empty-output");
  });

  it("keeps the failed output on the error for the rejection record", () => {
    expect(failure("no tags here").output).toBe("no tags here");
  });
});

describe("tagged protocol rendering", () => {
  const conversation: Message[] = [
    { role: "user", content: "Who wrote X?" },
    {
      role: "assistant",
      content: "Let me check.",
      tool_calls: [
        { id: "aaaaaaaaa", type: "function", function: { name: "get_a", arguments: '{"x":1}' } },
        { id: "bbbbbbbbb", type: "function", function: { name: "get_b", arguments: "{}" } },
      ],
    },
    { role: "tool", tool_call_id: "aaaaaaaaa", name: "get_a", content: '{"y":2}' },
    { role: "tool", tool_call_id: "bbbbbbbbb", name: "get_b", content: '{"z":3}' },
    { role: "assistant", content: "Ann wrote it.", thought: "I have everything." },
  ];

  it("renders calls and final answers as BUTTON text", () => {
    expect(renderTaggedAssistant(conversation[1] as Extract<Message, { role: "assistant" }>)).toBe(
      'Let me check.\n<call>[{"name":"get_a","arguments":{"x":1}},{"name":"get_b","arguments":{}}]</call>',
    );
    expect(renderTaggedAssistant(conversation[4] as Extract<Message, { role: "assistant" }>)).toBe("I have everything.\n<final>Ann wrote it.</final>");
  });

  it("groups a parallel turn's results into one tool turn in call order", () => {
    expect(renderToolTurn(conversation.slice(2, 4), conversation)).toBe(
      '[{"name":"get_a","arguments":{"x":1},"results":{"y":2}},{"name":"get_b","arguments":{},"results":{"z":3}}]',
    );
    const modelMessages = taggedProtocol.toModelMessages(conversation);
    expect(modelMessages.map((message) => message.getType())).toEqual(["human", "ai", "human", "ai"]);
  });

  it("parses what the model said through the protocol interface", () => {
    const turn = taggedProtocol.parse(new AIMessage("ok\n<final>yes</final>"));
    expect(turn.kind).toBe("final");
  });
});
