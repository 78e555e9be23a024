import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUTTON_SYSTEM_TEMPLATE, buttonSystemPrompt } from "../../src/formats/button-system-prompt.js";
import { writeButtonMessages } from "../../src/formats/button-format.js";
import { toOpenAITool, type FunctionSpec } from "../../src/schema/function-spec.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { sharedDatasets } from "../helpers/shared-datasets.js";

const spec: FunctionSpec = {
  name: "get_weather",
  description: "Weather for a city.",
  parameters: { city: { type: "string", description: "City name." } },
  required: ["city"],
  responses: { temperature_c: { type: "number", description: "Temperature." } },
};

const record: TrajectoryRecord = {
  id: "tr-1",
  task_id: "t-1",
  messages: [
    { role: "system", content: buttonSystemPrompt([spec], true) },
    { role: "user", content: "Weather in Lisbon and Porto?" },
    {
      role: "assistant",
      content: "I will check both cities.",
      tool_calls: [
        { id: "aaaaaaaa1", type: "function", function: { name: "get_weather", arguments: '{"city":"Lisbon"}' } },
        { id: "aaaaaaaa2", type: "function", function: { name: "get_weather", arguments: '{"city":"Porto"}' } },
      ],
    },
    { role: "tool", tool_call_id: "aaaaaaaa1", name: "get_weather", content: '{"temperature_c":21}' },
    { role: "tool", tool_call_id: "aaaaaaaa2", name: "get_weather", content: '{"temperature_c":18}' },
    { role: "assistant", content: "Lisbon is warmer (21 °C vs 18 °C).", thought: "I have both results." },
  ],
  tools: [toOpenAITool(spec, { includeResponses: true })],
  parallel_tool_calls: true,
  verdicts: [],
  meta: {},
};

const EXPECTED_SYSTEM =
  "You are an expert in using functions (i.e., tools) to solve users' tasks. The functions available for you to use are detailed below: \n" +
  "<tool>\n" +
  '[{"name":"get_weather","description":"Weather for a city.","parameters":{"city":{"type":"string","description":"City name."}},"required":["city"],"responses":{"temperature_c":{"type":"number","description":"Temperature."}}}]\n' +
  "</tool>\n\n" +
  "In your response, you need first provide your observation and thought on the user's task, the current situation, and what you plan to do next. After your thinking, you can do following two things:\n" +
  '**Function Call**: For fountion calling, you need to provide the function name and its arguments. The function name must be same as its name in above function list, and the arguments must obey the format required by the function. Enclose the function call within the tag "<call></call>". If possible, you can call multiple functions in parallel, be sure the functions called parallelly are independent of each other.\n' +
  "**Final Answer**: When you believe the task is complete, you may use 'final_answer' to provide a detailed summary of the results to give to the user, enclose the final answer within the tag \"<final></final>\".\n\n\n";

describe("BUTTON writer", () => {
  it("writes the exact BUTTON text: system template, <call> list, tool turn list, <final>", () => {
    expect(writeButtonMessages(record)).toEqual([
      { role: "system", content: EXPECTED_SYSTEM },
      { role: "user", content: "Weather in Lisbon and Porto?" },
      {
        role: "assistant",
        content: 'I will check both cities.\n<call>[{"name":"get_weather","arguments":{"city":"Lisbon"}},{"name":"get_weather","arguments":{"city":"Porto"}}]</call>',
      },
      {
        role: "tool",
        content:
          '[{"name":"get_weather","arguments":{"city":"Lisbon"},"results":{"temperature_c":21}},{"name":"get_weather","arguments":{"city":"Porto"},"results":{"temperature_c":18}}]',
      },
      { role: "assistant", content: "I have both results.\n<final>Lisbon is warmer (21 °C vs 18 °C).</final>" },
    ]);
  });

  it("switches the parallel sentence off", () => {
    const serial = writeButtonMessages({ ...record, parallel_tool_calls: false })[0]!.content;
    expect(serial).toContain(
      'Enclose the function call within the tag "<call></call>". You should call one function at a time, and wait for the response before calling the next function.\n',
    );
    expect(serial).not.toContain("in parallel");
  });

  const shared = sharedDatasets(import.meta.url);
  it.runIf(shared.exists)("uses the template byte for byte as published", () => {
    expect(BUTTON_SYSTEM_TEMPLATE).toBe(readFileSync(`${shared.dir}/button/system-template.txt`, "utf8"));
  });
});
