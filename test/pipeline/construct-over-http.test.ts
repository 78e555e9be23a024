import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { constructTasks } from "../../src/graphs/construct-tasks.js";
import { resolveModel } from "../../src/models/resolve-model.js";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";

const seeds = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));
let server: SimServer;
beforeAll(async () => {
  server = await startSimServer({ port: 0 });
});
afterAll(async () => server.close());

describe("construction through the real ChatOpenAI client", () => {
  it("sends every stage as a forced tool call over HTTP and gets the same tasks as in-process", async () => {
    const overHttp = await constructTasks({
      seeds,
      count: 6,
      model: resolveModel("openai:sim", { baseUrl: server.url, apiKey: "test", clientRetries: 0 }),
    });
    const inProcess = await constructTasks({ seeds, count: 6, seed: 0 });
    const content = (tasks: typeof inProcess.tasks) => tasks.map(({ meta: _meta, ...task }) => task);
    expect(overHttp.tasks.length).toBeGreaterThan(0);
    expect(content(overHttp.tasks)).toEqual(content(inProcess.tasks));
    expect(overHttp.usage.total.prompt_tokens).toBeGreaterThan(0);
    expect(server.stats().completions).toBeGreaterThan(overHttp.tasks.length);
  });
});
