/**
 * The trajectory graph on one example task, printed turn by turn.
 *
 *   npx tsx examples/trajectory-graph.ts [task-id] [--tagged] [--serial]
 *
 * Runs offline on the simulator. For a real model, set OPENAI_API_KEY and change
 * `resolveRoleModels()` to e.g. `resolveRoleModels({ model: "openai:gpt-4o-mini" })`.
 */
import { readFileSync } from "node:fs";
import { simulateTask } from "../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { parseTask } from "../src/schema/task.js";

const args = process.argv.slice(2);
const wanted = args.find((arg) => !arg.startsWith("--")) ?? "ex-02-weather-compare";
const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => parseTask(JSON.parse(line)));
const task = tasks.find((candidate) => candidate.id === wanted);
if (!task) {
  console.error(`No example task '${wanted}'. Available: ${tasks.map((candidate) => candidate.id).join(", ")}`);
  process.exit(1);
}

const record = await simulateTask(task, {
  models: resolveRoleModels(),
  protocol: args.includes("--tagged") ? "tagged" : "native",
  parallel: !args.includes("--serial"),
});

console.log(`task ${task.id} (${task.strategy}): ${task.task}\n`);
for (const message of record.messages.slice(1)) {
  if (message.role === "assistant" && message.tool_calls?.length) {
    console.log(`assistant: ${message.content}`);
    for (const call of message.tool_calls) console.log(`  → ${call.function.name}(${call.function.arguments})  [${call.id}]`);
  } else if (message.role === "tool") {
    console.log(`  ← ${message.name}: ${message.content}`);
  } else {
    console.log(`${message.role}: ${message.content}`);
  }
}
console.log(`\n${record.reason ? `rejected: ${record.reason}` : "accepted"}; tokens ${JSON.stringify(record.usage?.total)}`);
