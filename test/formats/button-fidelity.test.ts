import { describe, expect, it } from "vitest";
import { writeButtonMessages } from "../../src/formats/button-format.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { bookTask, exampleTasks } from "../helpers/fixtures.js";

/** Every assistant turn of a BUTTON export: a thought before <call>/<final>, and <final> only last. */
function fidelityProblems(record: TrajectoryRecord): string[] {
  const problems: string[] = [];
  const assistant = writeButtonMessages(record).filter((message) => message.role === "assistant");
  assistant.forEach((message, index) => {
    const tag = /<(call|final)>/.exec(message.content);
    if (tag && message.content.slice(0, tag.index).trim() === "") problems.push(`${record.task_id} turn ${index}: no thought before <${tag[1]}>`);
    if (index < assistant.length - 1 && message.content.includes("<final>")) problems.push(`${record.task_id} turn ${index}: <final> before the last turn`);
  });
  return problems;
}

describe("BUTTON export fidelity", () => {
  it("the demo's tasks export with a thought before every <call> and <final>, and <final> only last", async () => {
    const records = await Promise.all(exampleTasks().map((task) => simulateTask(task, { models: resolveRoleModels() })));
    expect(records.every((record) => record.reason === undefined)).toBe(true);
    expect(records.flatMap(fidelityProblems)).toEqual([]);
    for (const record of records) {
      const last = writeButtonMessages(record).filter((message) => message.role === "assistant").at(-1)!;
      expect(last.content).toMatch(/^\S[\s\S]*\n<final>[\s\S]+<\/final>$/);
    }
  });

  it("writes a clarifying question and an answer a critic sent back as plain text, not <final>", () => {
    const record: TrajectoryRecord = {
      id: "r1",
      task_id: "t1",
      tools: [],
      parallel_tool_calls: true,
      verdicts: [],
      meta: {},
      messages: [
        { role: "user", content: "Book me a table." },
        { role: "assistant", content: "For how many people?" },
        { role: "user", content: "Four." },
        { role: "assistant", content: "Booked for four.", thought: "The user said four." },
        { role: "user", content: "You did not say the time." },
        { role: "assistant", content: "Booked for four at 19:00.", thought: "I add the time." },
      ],
    };
    const assistant = writeButtonMessages(record).filter((message) => message.role === "assistant");
    expect(assistant.map((message) => message.content)).toEqual([
      "For how many people?",
      "The user said four.\nBooked for four.",
      "I add the time.\n<final>Booked for four at 19:00.</final>",
    ]);
  });

  it("gives a native call without a thought a corrective retry, and rejects it when the thought never comes", async () => {
    const call = { name: "get_book_author", args: { title: "The Silent Orchard" } };
    const recovered = await simulateTask(bookTask(), {
      models: {
        ...resolveRoleModels(),
        assistant: new ScriptedChatModel([
          { content: "", tool_calls: [call] },
          { content: "I will look up the author first.", tool_calls: [call] },
          "I know the author now.\nFinal answer: The author is known.",
        ]),
      },
    });
    expect(recovered.reason).toBeUndefined();
    expect(recovered.meta.recovered_errors).toEqual(["assistant: missing-thought"]);
    const final = recovered.messages.at(-1)!;
    expect(final).toMatchObject({ role: "assistant", content: "The author is known.", thought: "I know the author now." });

    const silent = { content: "", tool_calls: [call] };
    const rejected = await simulateTask(bookTask(), {
      models: { ...resolveRoleModels(), assistant: new ScriptedChatModel([silent, silent, silent]) },
      maxRetries: 2,
    });
    expect(rejected.reason).toMatch(/^missing-thought/);
  });
});
