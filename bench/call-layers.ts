/**
 * Client CPU of one model call through sim-server, layer by layer: raw fetch, the OpenAI SDK,
 * ChatOpenAI (with and without our deadline fetch, with run labels), an empty one-node LangGraph
 * graph, and a one-node graph whose node makes the call. The differences say what each layer
 * costs, and what calling from inside a graph node adds (its async-local run context is carried
 * into every promise the HTTP client makes on Node 20).
 * Start a server first (`node --import tsx bench/serve.ts`), then:
 *   node --import tsx bench/call-layers.ts URL [layer …]   (default: every layer, each in turn)
 * Prints one line per layer: CPU ms per call, 1,500 calls at 16 in flight after 50 to warm up.
 * Run each layer in a fresh process for figures that do not depend on the order.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import { deadlineFetch } from "../src/llm/response-deadline.js";

const [url, ...chosen] = process.argv.slice(2);
if (!url) {
  process.stderr.write("Usage: bench/call-layers.ts SIM_SERVER_URL [layer …]\n");
  process.exit(2);
}
const calls = 1500;
const inFlight = 16;
const system = "You simulate the user.";
const prompt = "Start the conversation: say what you need.";
const body = { model: "sim", messages: [{ role: "system", content: system }, { role: "user", content: prompt }] };
const messages = [new SystemMessage(system), new HumanMessage(prompt)];
const client = new OpenAI({ apiKey: "bench", baseURL: url, maxRetries: 0 });
const plainModel = new ChatOpenAI({ model: "sim", apiKey: "bench", maxRetries: 0, configuration: { baseURL: url } });
const model = new ChatOpenAI({ model: "sim", apiKey: "bench", maxRetries: 0, configuration: { baseURL: url, fetch: deadlineFetch(120_000) } });
const labels = {
  tags: ["button:run:r1", "button:task:t-1", "button:role:user", "button:stage:simulate"],
  metadata: { run_id: "r1", task_id: "t-1", role: "user", stage: "simulate" },
};
const rawFetch = async () =>
  (await fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer bench" }, body: JSON.stringify(body) })).json();

const State = Annotation.Root({ calls: Annotation<number>({ reducer: (left, right) => left + right, default: () => 0 }) });
function oneNodeGraph(node: () => Promise<unknown>) {
  const graph = new StateGraph(State)
    .addNode("call", async () => {
      await node();
      return { calls: 1 };
    })
    .addEdge(START, "call")
    .addEdge("call", END)
    .compile();
  return () => graph.invoke({ calls: 0 });
}

const layers: Record<string, () => Promise<unknown>> = {
  "fetch": rawFetch,
  "openai-sdk": () => client.chat.completions.create(body as never),
  "chat-openai": () => plainModel.invoke(messages),
  "chat-openai+deadline-fetch": () => model.invoke(messages),
  "chat-openai+deadline-fetch+labels": () => model.invoke(messages, labels),
  "graph-empty-node": oneNodeGraph(async () => undefined),
  "graph-node-fetch": oneNodeGraph(rawFetch),
  "graph-node-openai-sdk": oneNodeGraph(() => client.chat.completions.create(body as never)),
  "graph-node-chat-openai": oneNodeGraph(() => model.invoke(messages, labels)),
};

for (const name of chosen.length > 0 ? chosen : Object.keys(layers)) {
  const layer = layers[name];
  if (!layer) throw new Error(`unknown layer '${name}'; layers: ${Object.keys(layers).join(", ")}`);
  for (let warm = 0; warm < 50; warm++) await layer();
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < calls) await layer();
    }),
  );
  const cpu = process.cpuUsage(before);
  process.stdout.write(`${name}\t${((cpu.user + cpu.system) / 1000 / calls).toFixed(3)} ms/call\n`);
}
