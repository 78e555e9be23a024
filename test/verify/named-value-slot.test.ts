import { describe, expect, it } from "vitest";
import { namedValueSlotCheck } from "../../src/verify/checks/named-value-slot-check.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";

/** A record with one user turn and one call, built for the named-value-slot check alone. */
function record(userText: string, call: { name: string; description: string; parameter: string; parameterDescription: string; value: string }): TrajectoryRecord {
  return {
    id: "r1",
    task_id: "t1",
    parallel_tool_calls: false,
    tools: [
      {
        type: "function",
        function: {
          name: call.name,
          description: call.description,
          parameters: { type: "object", properties: { [call.parameter]: { type: "string", description: call.parameterDescription } }, required: [call.parameter] },
        },
      },
    ],
    messages: [
      { role: "user", content: userText },
      { role: "assistant", content: "Calling it.", tool_calls: [{ id: "c1", type: "function", function: { name: call.name, arguments: JSON.stringify({ [call.parameter]: call.value }) } }] },
      { role: "tool", tool_call_id: "c1", content: "{\"ok\": true}" },
      { role: "assistant", content: "Done." },
    ],
  } as unknown as TrajectoryRecord;
}

const shoppingRequest = 'Find a recipe for a vegan lasagne and add its ingredients to my shopping list called "Weekend".';

describe("named-value-slot", () => {
  it("rejects a list's name used as a dish, naming the call and the thing", () => {
    const findings = namedValueSlotCheck.run(
      record(shoppingRequest, { name: "find_recipe", description: "Find a recipe by dish and diet.", parameter: "dish", parameterDescription: "Dish to cook.", value: "Weekend" }),
      {},
    );
    expect(findings).toHaveLength(1);
    expect((findings as Array<{ detail: string }>)[0]!.detail).toMatch(/call 'find_recipe' \(c1\), argument 'dish': 'Weekend' is what the user called their list/);
  });

  it("accepts the list's name in a parameter about lists", () => {
    const findings = namedValueSlotCheck.run(
      record(shoppingRequest, { name: "add_to_shopping_list", description: "Add items to a shopping list.", parameter: "list_name", parameterDescription: "Name of the list.", value: "Weekend" }),
      {},
    );
    expect(findings).toEqual([]);
  });

  it("accepts a generic parameter when the function is about the thing", () => {
    const findings = namedValueSlotCheck.run(
      record("Open the playlist named Road Trip, please.", { name: "open_playlist", description: "Open a playlist by its name.", parameter: "name", parameterDescription: "The name.", value: "Road Trip" }),
      {},
    );
    expect(findings).toEqual([]);
  });

  it("accepts any named thing in a slot for a name of any kind", () => {
    const findings = namedValueSlotCheck.run(
      record("Convert the document named 'q3_report' to slides.", { name: "convert_pdf", description: "Convert a PDF in storage to PPTX.", parameter: "name", parameterDescription: "File name.", value: "q3_report" }),
      {},
    );
    expect(findings).toEqual([]);
  });

  it("ignores values the user did not introduce as a name", () => {
    const findings = namedValueSlotCheck.run(
      record("Find me a vegan lasagne recipe.", { name: "find_recipe", description: "Find a recipe by dish.", parameter: "dish", parameterDescription: "Dish to cook.", value: "vegan lasagne" }),
      {},
    );
    expect(findings).toEqual([]);
  });

  it("ignores 'one called X', which names no thing", () => {
    const findings = namedValueSlotCheck.run(
      record("I want a cafe, ideally one called Blue Door.", { name: "find_cafe", description: "Find a cafe.", parameter: "query", parameterDescription: "Search words.", value: "Blue Door" }),
      {},
    );
    expect(findings).toEqual([]);
  });
});
