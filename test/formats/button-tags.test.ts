import { describe, expect, it } from "vitest";
import { parseTaggedText, renderTaggedAssistant, renderToolTurn } from "../../src/formats/button-tags.js";
import { hermesFormat } from "../../src/formats/hermes-format.js";
import type { Message } from "../../src/schema/trajectory.js";

describe("BUTTON tags", () => {
  it("parse a thought with calls, a fenced call list, a final answer and a question", () => {
    expect(parseTaggedText('I need the weather.\n<call>[{"name": "get_weather", "arguments": {"city": "Oslo"}}]</call>')).toEqual({
      kind: "calls",
      thought: "I need the weather.",
      calls: [{ name: "get_weather", arguments: { city: "Oslo" } }],
    });
    expect(parseTaggedText('<call>```json\n{"name": "f"}\n```</call>')).toEqual({ kind: "calls", thought: "", calls: [{ name: "f", arguments: {} }] });
    expect(parseTaggedText("Done.\n<final>It is 4°C.</final>")).toEqual({ kind: "final", thought: "Done.", answer: "It is 4°C." });
    expect(parseTaggedText("Which city?")).toEqual({ kind: "question", text: "Which city?" });
    expect(() => parseTaggedText('<call>[{"name":"f"}]</call><final>x</final>')).toThrow(/both <call> and <final>/);
  });

  it("render a tool turn in call order, whatever order the results arrived in", () => {
    const messages: Message[] = [
      { role: "user", content: "q" },
      {
        role: "assistant",
        content: "both",
        tool_calls: [
          { id: "a", type: "function", function: { name: "first", arguments: '{"n":1}' } },
          { id: "b", type: "function", function: { name: "second", arguments: '{"n":2}' } },
        ],
      },
      { role: "tool", tool_call_id: "b", content: '{"v":2}' },
      { role: "tool", tool_call_id: "a", content: "plain text" },
    ];
    expect(JSON.parse(renderToolTurn(messages.slice(2), messages))).toEqual([
      { name: "first", arguments: { n: 1 }, results: "plain text" },
      { name: "second", arguments: { n: 2 }, results: { v: 2 } },
    ]);
    expect(renderTaggedAssistant(messages[1] as Extract<Message, { role: "assistant" }>)).toBe(
      'both\n<call>[{"name":"first","arguments":{"n":1}},{"name":"second","arguments":{"n":2}}]</call>',
    );
  });
});

describe("Hermes reader", () => {
  it("reads OpenAI-style messages with Qwen-style tool lines (one JSON object per line)", () => {
    const record = hermesFormat.read({
      messages: [
        { role: "system", content: 'Tools are within <tools></tools> XML tags:\n<tools>\n{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}}}}\n{"name": "g", "parameters": {"type": "object", "properties": {}}}\n</tools>' },
        { role: "user", content: "go" },
        { role: "assistant", content: 'Calling both.\n<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "g", "arguments": {"x": 1}}\n</tool_call>' },
        { role: "tool", content: '<tool_response>\n{"name": "f", "content": {"ok": true}}\n</tool_response>\n<tool_response>\nraw text\n</tool_response>' },
        { role: "assistant", content: "Both done." },
      ],
    });
    expect(record.tools.map((tool) => tool.function.name)).toEqual(["f", "g"]);
    expect(String(record.meta.source_system)).toMatch(/^Tools are within/);
    expect(record.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "tool", "assistant"]);
    expect(record.messages[1]).toMatchObject({ content: "Calling both.", tool_calls: [{ function: { name: "f", arguments: "{}" } }, { function: { name: "g", arguments: '{"x":1}' } }] });
    expect(record.messages.slice(2, 4)).toEqual([
      { role: "tool", tool_call_id: "call00001", name: "f", content: '{"ok":true}' },
      { role: "tool", tool_call_id: "call00002", name: "g", content: "raw text" },
    ]);
  });
});
