import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { constructTasks } from "../../src/graphs/construct-tasks.js";
import { resolveEmbeddings, resolveModel } from "../../src/models/resolve-model.js";
import { SimEmbeddings } from "../../src/models/sim/sim-embeddings.js";
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

describe("embedding dedup", () => {
  it("the simulator's embeddings rank paraphrases with shared words above unrelated texts", async () => {
    const embeddings = new SimEmbeddings();
    const [a, b, c] = await embeddings.embedDocuments(["Planning a weekend trip to the coast", "Planning a coastal weekend trip", "Paying an electricity bill"]);
    const cosine = (x: number[], y: number[]) => x.reduce((sum, value, index) => sum + value * y[index]!, 0);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
  });

  it("runs through the real OpenAIEmbeddings client against sim-server's /v1/embeddings, with the same result as in-process", async () => {
    const overHttp = await constructTasks({ seeds, count: 6, seed: 0, embeddings: resolveEmbeddings("text-embedding-sim", { baseUrl: server.url }) });
    const inProcess = await constructTasks({ seeds, count: 6, seed: 0, embeddings: resolveEmbeddings("sim") });
    expect(overHttp.stats.scenariosAfterDedup).toBe(inProcess.stats.scenariosAfterDedup);
    expect(overHttp.tasks.map((task) => task.id)).toEqual(inProcess.tasks.map((task) => task.id));
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => resolveEmbeddings("openai:text-embedding-3-small")).toThrow(/needs OPENAI_API_KEY or --base-url/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
