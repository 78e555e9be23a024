import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { assistantBriefing } from "../../src/agents/assistant-agent.js";
import { userAgentPrompt } from "../../src/agents/user-agent.js";
import { irrelevanceVariant, missingFunctionVariant, missingInfoVariant } from "../../src/graphs/construction/negative-variants.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { invoiceTask, weatherThenPackingTask } from "../helpers/negative-tasks.js";

const random = new SeededRandom("sim");
const variants = {
  irrelevance: irrelevanceVariant.derive(weatherThenPackingTask(), { others: [invoiceTask()], random })!,
  "missing-info": missingInfoVariant.derive(invoiceTask(), { others: [], random })!,
  "missing-function": missingFunctionVariant.derive(invoiceTask(), { others: [], random })!,
};
const settings = [
  { protocol: "native", parallel: true },
  { protocol: "tagged", parallel: true },
  { protocol: "native", parallel: false },
] as const;

function calls(record: TrajectoryRecord): Array<{ index: number; name: string; arguments: Record<string, unknown> }> {
  return record.messages.flatMap((message, index) =>
    message.role === "assistant" ? (message.tool_calls ?? []).map((call) => ({ index, name: call.function.name, arguments: JSON.parse(call.function.arguments) })) : [],
  );
}
const finalAnswer = (record: TrajectoryRecord) => String(record.messages[record.messages.length - 1]!.content);

describe("what the agents see of a negative variant", () => {
  it("the assistant's briefing never names the variant nor holds the withheld facts", () => {
    for (const [name, task] of Object.entries(variants)) {
      const briefing = assistantBriefing(task);
      expect(briefing, name).not.toMatch(/irrelevance|missing-info|missing-function|negative|withheld/i);
    }
    expect(assistantBriefing(variants["missing-info"])).not.toContain("INV-20931");
    expect(assistantBriefing(variants.irrelevance)).toContain('"unserved":true');
    expect(assistantBriefing(variants["missing-function"])).toMatch(/"id":"s2".*"unserved":true/);
    expect(assistantBriefing(weatherThenPackingTask())).not.toContain("unserved");
  });

  it("the user agent holds back the value, and only for missing-info", () => {
    const prompt = userAgentPrompt(variants["missing-info"]);
    expect(prompt).toContain("<held_back>\nthe invoice number: INV-20931\n</held_back>");
    expect(prompt).toMatch(/Do not mention it in your first message/);
    expect(prompt).toMatch(/don't know anything else/);
    expect(prompt.slice(prompt.indexOf("<your_task>"))).not.toContain("INV-20931");
    expect(userAgentPrompt(invoiceTask())).not.toContain("held_back");
  });

  it("the simulated user answers from the held-back detail once, then says it knows nothing else", async () => {
    const model = new SimChatModel({ seed: 1 });
    const system = new SystemMessage(userAgentPrompt(variants["missing-info"]));
    const opening = new AIMessage("Please look up invoice a certain invoice number, then pay it from account ACC-1188.");
    const first = await model.invoke([system, new HumanMessage("Write your first message."), opening, new HumanMessage("Which invoice number is it?")]);
    expect(first.content).toBe("The invoice number is INV-20931, and that's all I know about it.");
    const second = await model.invoke([system, new HumanMessage("Write your first message."), opening, new HumanMessage("Which invoice number?"), first, new HumanMessage("And the due date?")]);
    expect(second.content).toMatch(/don't know anything else/);
  });
});

describe("the simulated assistant on negative variants", () => {
  for (const setting of settings) {
    const label = `${setting.protocol}, parallel ${setting.parallel ? "on" : "off"}`;

    it(`irrelevance (${label}): calls nothing and says what it cannot do`, async () => {
      const record = await simulateTask(variants.irrelevance, { models: resolveRoleModels({ seed: 2 }), seed: 2, ...setting });
      expect(record.reason).toBeUndefined();
      expect(calls(record)).toEqual([]);
      expect(finalAnswer(record)).toMatch(/can't do this with the tools available/);
      expect(finalAnswer(record)).toMatch(/I can't check the weather forecast for Lisbon on 2025-06-14/);
    });

    it(`missing-info (${label}): asks before the call that needs the value, then calls with the answer`, async () => {
      const record = await simulateTask(variants["missing-info"], { models: resolveRoleModels({ seed: 2 }), seed: 2, ...setting });
      expect(record.reason).toBeUndefined();
      const roles = record.messages.map((message) => message.role);
      expect(roles.slice(0, 5)).toEqual(["system", "user", "assistant", "user", "assistant"]);
      expect(record.messages[2]!.content).toMatch(/which invoice number should I use to look up invoice a certain invoice number\?$/);
      expect(record.messages[3]!.content).toContain("INV-20931");
      const lookup = calls(record).find((call) => call.name === "get_invoice")!;
      expect(lookup.index).toBeGreaterThan(3);
      expect(lookup.arguments.invoice_number).toBe("INV-20931");
    });

    it(`missing-function (${label}): does the rest, never calls the withheld function, says which part it cannot do`, async () => {
      const record = await simulateTask(variants["missing-function"], { models: resolveRoleModels({ seed: 2 }), seed: 2, ...setting });
      expect(record.reason).toBeUndefined();
      expect(calls(record).map((call) => call.name)).toEqual(["get_invoice"]);
      expect(finalAnswer(record)).toMatch(/I can't pay the invoice found from account ACC-1188: none of the tools I have can do that/);
    });
  }
});
