/**
 * The graph builder and a custom role: persona users, tools that fail now and then, a critic,
 * and a role of our own that measures the accepted answer, on two example tasks.
 *
 *   npx tsx examples/custom-role.ts
 *
 * Prints the trajectory records (JSONL) on stdout and one line per task on stderr. Runs offline
 * on the simulator. In your own project, import from "button-synth".
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import {
  criticRole,
  defineTrajectoryRole,
  errorInjectingToolsRole,
  parseTask,
  personaUserRole,
  resolveRoleModels,
  trajectoryGraph,
} from "../src/index.js";

/** Counts the words of the accepted answer, then ends. */
export const answerLength = defineTrajectoryRole({
  name: "answer-length",
  routes: ["end"],
  async run(state) {
    const last = state.messages.at(-1);
    const words = last?.role === "assistant" ? (last.content ?? "").split(/\s+/).filter(Boolean).length : 0;
    return { meta: { "answer-length": { words } }, next: "end" };
  },
});

export const graph = trajectoryGraph() // user, assistant, tools
  .replaceRole(personaUserRole()) // same name "user": replaced
  .replaceRole(errorInjectingToolsRole({ rate: 0.2 })) // same name "tools": replaced
  .addRole(criticRole({ maxRounds: 2 }), { between: ["assistant", "end"] })
  .addRole(answerLength, { between: ["critic", "end"] }); // builders are immutable: keep the new one

async function main() {
  const lines = (await readFile(new URL("./tasks.jsonl", import.meta.url), "utf8")).split("\n").filter((line) => line.trim());
  for (const line of lines.slice(0, 2)) {
    const task = parseTask(JSON.parse(line));
    const record = await graph.simulate(task, { models: resolveRoleModels(), seed: 1 });
    console.log(JSON.stringify(record));
    const roles = record.meta.roles as Record<string, { words?: number; persona?: string | null }>;
    console.error(`${task.id}: ${record.reason ?? "accepted"}, persona ${roles.user?.persona}, ${roles["answer-length"]?.words ?? 0} words in the answer`);
  }
}

// Run only when executed, so tests can import the graph and the role.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
