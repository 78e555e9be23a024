/**
 * LangGraph's own floor, in a fresh process: a trivial graph whose nodes do nothing but return a
 * small update, with `steps` nodes in a chain, run `runs` times at the given concurrency. The
 * CPU per step is what the engine costs before any of our work. argv[2]: JSON { steps, runs, concurrency }.
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";

const settings = JSON.parse(process.argv[2]!) as { steps: number; runs: number; concurrency: number };
const State = Annotation.Root({
  messages: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
});
const graph = new StateGraph(State) as unknown as StateGraph<typeof State.spec, { messages: string[] }, { messages: string[] }, string>;
for (let step = 0; step < settings.steps; step++) graph.addNode(`step${step}`, async () => ({ messages: [`message ${step}`] }));
graph.addEdge(START, "step0");
for (let step = 1; step < settings.steps; step++) graph.addEdge(`step${step - 1}`, `step${step}`);
graph.addEdge(`step${settings.steps - 1}`, END);
const compiled = graph.compile();
const cpuBefore = process.cpuUsage();
const start = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: settings.concurrency }, async () => {
    while (next < settings.runs) {
      next++;
      await compiled.invoke({ messages: [] }, { recursionLimit: settings.steps + 5 });
    }
  }),
);
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ cpuMsPerStep: (cpu.user + cpu.system) / 1000 / (settings.runs * settings.steps), seconds })}\n`);
