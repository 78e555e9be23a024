import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { resolveModel, resolveRoleModels } from "../../src/models/resolve-model.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";

describe("model resolution", () => {
  it("defaults every role to the offline simulator", () => {
    const models = resolveRoleModels();
    for (const role of ["user", "assistant", "tool"] as const) expect(models[role]).toBeInstanceOf(SimChatModel);
  });

  it("gives each role its own model when asked, sharing one client per distinct spec", () => {
    const models = resolveRoleModels({ model: "sim", roles: { tool: "openai:gpt-4o-mini", critic: "openai:gpt-4o-mini" }, apiKey: "k" });
    expect(models.user).toBeInstanceOf(SimChatModel);
    expect(models.tool).toBeInstanceOf(ChatOpenAI);
    expect((models.tool as ChatOpenAI).model).toBe("gpt-4o-mini");
    expect(models.critic).toBe(models.tool);
  });

  it("reads sim seeds and bare model names at a base URL", () => {
    expect((resolveModel("sim:7") as SimChatModel).seed).toBe(7);
    const local = resolveModel("qwen2.5-7b-instruct", { baseUrl: "http://127.0.0.1:9/v1" }) as ChatOpenAI;
    expect(local.model).toBe("qwen2.5-7b-instruct");
    expect(() => resolveModel("sim:x")).toThrow(/not a valid simulator model/);
    expect(() => resolveModel("openai:")).toThrow(/model name is empty/);
  });
});
