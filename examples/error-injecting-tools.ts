/**
 * A tool agent that fails on purpose: 30% of fresh calls return a realistic error result
 * (timeout, not found, invalid argument, rate limited) instead of running, so the data shows
 * the assistant noticing the failure and recovering. The choice is deterministic per seed.
 *
 *   npx tsx examples/error-injecting-tools.ts
 *
 * Prints one trajectory record per line (JSONL) on stdout and a short summary on stderr.
 * Runs offline on the simulator. In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { errorInjectingToolsRole, parseTask, resolveRoleModels, trajectoryGraph, type InjectedToolError } from "../src/index.js";

const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(0, 6)
  .map((line) => parseTask(JSON.parse(line)));

const graph = trajectoryGraph().replaceRole(errorInjectingToolsRole({ rate: 0.3 }));
const models = resolveRoleModels({ seed: 2 });

for (const task of tasks) {
  const record = await graph.simulate(task, { models, seed: 2 });
  console.log(JSON.stringify(record));
  const injected = (record.meta.roles as { tools?: { injected: InjectedToolError[] } } | undefined)?.tools?.injected ?? [];
  console.error(`${task.id}: ${record.reason ?? "accepted"}; injected ${injected.map((entry) => `${entry.name} ${entry.type}`).join(", ") || "nothing"}`);
}
