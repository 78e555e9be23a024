import { HumanMessage, SystemMessage, type AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { resolveModel } from "../../../src/models/resolve-model.js";
import { FAULT_KINDS, MessySimChatModel } from "../../../src/models/sim/messy/index.js";
import { SimChatModel } from "../../../src/models/sim/sim-chat-model.js";
import { simulateTask } from "../../../src/graphs/trajectory-graph.js";
import { toolAgentPrompt, toolCallPrompt } from "../../../src/agents/prompts/tool-prompt.js";
import { parseToolResult } from "../../../src/agents/tool-agent.js";
import { bookTask, exampleTasks } from "../../helpers/fixtures.js";

describe("MessySimChatModel", () => {
  it("is the simulator when the rate is 0, and deterministic for a seed", async () => {
    const task = bookTask();
    const clean = await simulateTask(task, { models: { user: new SimChatModel({ seed: 4 }), assistant: new SimChatModel({ seed: 4 }), tool: new SimChatModel({ seed: 4 }) } });
    const zero = new MessySimChatModel({ seed: 4, rate: 0 });
    const same = await simulateTask(task, { models: { user: zero, assistant: zero, tool: zero } });
    expect(same.messages).toEqual(clean.messages);
    expect(zero.faults).toEqual([]);

    const runs = [];
    for (let run = 0; run < 2; run++) {
      const model = new MessySimChatModel({ seed: 9, rate: 0.5 });
      const record = await simulateTask(task, { models: { user: model, assistant: model, tool: model } });
      runs.push({ record: record.messages, faults: model.faults });
    }
    expect(runs[0]!.faults.length).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
  });

  it("logs each fault with its kind, the task id and the turn", async () => {
    const model = new MessySimChatModel({ seed: 1, rate: 0.6 });
    for (const task of exampleTasks().slice(0, 4)) await simulateTask(task, { models: { user: model, assistant: model, tool: model } });
    const ids = new Set(exampleTasks().slice(0, 4).map((task) => task.id));
    expect(model.faults.length).toBeGreaterThan(3);
    for (const fault of model.faults) {
      expect(FAULT_KINDS).toContain(fault.kind);
      expect(ids.has(fault.task)).toBe(true);
      expect(fault.turn).toBeGreaterThanOrEqual(0);
      expect(["user", "assistant", "tool"]).toContain(fault.role);
    }
    const counts = model.faultCounts();
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(model.faults.length);
  });

  it("spoils a tool result's JSON in the ways real models do, each of which the parser repairs", async () => {
    const spec = bookTask().functions[0]!;
    const messages = [new SystemMessage(toolAgentPrompt(spec)), new HumanMessage(toolCallPrompt(spec.name, { title: "Dune" }))];
    const seen = new Set<string>();
    for (let seed = 0; seed < 40 && seen.size < 5; seed++) {
      const clean = parseToolResult((await new SimChatModel({ seed }).invoke(messages)) as AIMessage, spec);
      const model = new MessySimChatModel({ seed, rate: 1, kinds: ["code-fence", "trailing-prose", "single-quotes", "comments", "numeric-string"] });
      const reply = (await model.invoke(messages)) as AIMessage;
      const kind = model.faults[0]?.kind;
      if (!kind) continue;
      seen.add(kind);
      const text = String(reply.content);
      if (kind !== "numeric-string") expect(() => JSON.parse(text), kind).toThrow();
      expect(parseToolResult(reply, spec), kind).toEqual(clean);
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });

  it("is registered as sim:messy[:rate] and refuses a rate outside 0–1", () => {
    const model = resolveModel("sim:messy", { seed: 3 }) as MessySimChatModel;
    expect(model).toBeInstanceOf(MessySimChatModel);
    expect(model.rate).toBe(0.2);
    expect(model.seed).toBe(3);
    expect((resolveModel("sim:messy:0.35") as MessySimChatModel).rate).toBe(0.35);
    expect(() => resolveModel("sim:messy:2")).toThrow(/rate from 0 to 1/);
    expect(() => new MessySimChatModel({ rate: -1 })).toThrow(/from 0 to 1/);
  });
});
