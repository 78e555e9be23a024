import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { isUserError } from "../../src/errors.js";
import { providerNames, providerPackage } from "../../src/models/provider-model.js";
import { loadModel, loadRoleModels, registerSimVariant, resolveModel } from "../../src/models/resolve-model.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "button-providers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("models by provider name (initChatModel)", () => {
  it("gives a one-line install hint for a provider whose package is missing", async () => {
    const error = await loadModel("anthropic:some-model").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isUserError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("npm install @langchain/anthropic");
    expect(message).not.toContain("\n");
  });

  it("names the missing package per role, too", async () => {
    await expect(loadRoleModels({ model: "sim", roles: { tool: "groq:llama-3.1-8b-instant" } })).rejects.toThrow(/npm install @langchain\/groq/);
  });

  it("keeps sim, openai: and bare names at a base URL as before", async () => {
    expect(await loadModel("sim")).toBeInstanceOf(SimChatModel);
    expect(((await loadModel("sim:3")) as SimChatModel).seed).toBe(3);
    const local = (await loadModel("llama3:8b", { baseUrl: "http://127.0.0.1:9/v1" })) as ChatOpenAI;
    // `llama3` is not a provider: the name goes to the OpenAI-compatible server whole.
    expect(local).toBeInstanceOf(ChatOpenAI);
    expect(local.model).toBe("llama3:8b");
    const models = await loadRoleModels({ model: "sim", roles: { assistant: "openai:gpt-4o-mini" }, apiKey: "k" });
    expect(models.user).toBeInstanceOf(SimChatModel);
    expect((models.assistant as ChatOpenAI).model).toBe("gpt-4o-mini");
  });

  it("knows LangChain's providers and their packages", () => {
    expect(providerNames()).toEqual(expect.arrayContaining(["anthropic", "google-genai", "ollama", "groq"]));
    expect(providerNames()).not.toContain("openai");
    expect(providerPackage("google-genai")).toBe("@langchain/google-genai");
  });

  it("points the synchronous resolver at loadModel for provider specs", () => {
    expect(() => resolveModel("anthropic:some-model")).toThrow(/loadModel/);
  });

  it("resolves registered sim:<variant> names", () => {
    registerSimVariant("seeded-twice", ({ seed }) => new SimChatModel({ seed: seed * 2 }));
    expect((resolveModel("sim:seeded-twice", { seed: 4 }) as SimChatModel).seed).toBe(8);
    expect(() => resolveModel("sim:unknown")).toThrow(/'sim:seeded-twice'/);
  });

  it("the CLI prints the install hint on one line and exits 2", () => {
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, "");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", main, "simulate", "--tasks", tasks, "--out", join(dir, "out"), "--model", "anthropic:some-model", "--no-progress"],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("npm install @langchain/anthropic");
  });
});

describe("an installed provider through initChatModel", () => {
  it("builds the provider's own chat model, with our temperature and client retries", async () => {
    // Azure's class ships in @langchain/openai, which is installed; it reads its settings from the environment.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AZURE_OPENAI_API_KEY: "test-key",
      AZURE_OPENAI_API_INSTANCE_NAME: "test-instance",
      AZURE_OPENAI_API_DEPLOYMENT_NAME: "test-deployment",
      AZURE_OPENAI_API_VERSION: "2024-10-21",
    });
    try {
      const model = (await loadModel("azure_openai:gpt-4o-mini", { temperature: 0, clientRetries: 0 })) as unknown as {
        model: string;
        temperature: number;
        _llmType(): string;
        bindTools: unknown;
      };
      expect(model._llmType()).toBe("azure_openai");
      expect(model.model).toBe("gpt-4o-mini");
      expect(model.temperature).toBe(0);
      expect(typeof model.bindTools).toBe("function");
    } finally {
      process.env = saved;
    }
  });
});
