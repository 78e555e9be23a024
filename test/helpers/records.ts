import { readFileSync } from "node:fs";
import { openAIFormat } from "../../src/formats/openai-format.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";

/** The canonical records of a JSONL fixture in OpenAI form. */
export function loadOpenAIFixture(path: string): TrajectoryRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => openAIFormat.read(JSON.parse(line), { file: path, line: index + 1 }));
}

/** What a round trip must keep: calls (name, parsed arguments) and results (parsed), in call order. */
export function callsAndResults(record: TrajectoryRecord): Array<{ name: string; arguments: unknown; result: unknown }> {
  const out: Array<{ name: string; arguments: unknown; result: unknown }> = [];
  record.messages.forEach((message, index) => {
    if (message.role !== "assistant") return;
    for (const call of message.tool_calls ?? []) {
      const answer = record.messages
        .slice(index + 1)
        .find((other) => other.role === "tool" && other.tool_call_id === call.id);
      out.push({
        name: call.function.name,
        arguments: JSON.parse(call.function.arguments),
        result: answer && answer.role === "tool" ? parse(answer.content) : undefined,
      });
    }
  });
  return out;
}

/** The text of user messages and assistant answers, in order. */
export function dialogueText(record: TrajectoryRecord): string[] {
  return record.messages.flatMap((message) =>
    message.role === "user" ? [`user: ${message.content}`] : message.role === "assistant" && !message.tool_calls ? [`assistant: ${message.content}`] : [],
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
