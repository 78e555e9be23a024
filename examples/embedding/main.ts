/**
 * A synthesis project of its own that embeds button-synth: it reads its own tasks, adds its
 * own role (a word counter after the critic), and prints one trajectory record per line.
 *
 *   npm install && npm start
 */
import { readFileSync } from "node:fs";
import {
  criticRole,
  defineTrajectoryRole,
  parseTask,
  preferencePairs,
  resolveRoleModels,
  trajectoryGraph,
  type SimulationOptions,
  type TaskRecord,
  type TrajectoryRecord,
} from "button-synth";

const tasks: TaskRecord[] = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => parseTask(JSON.parse(line)));

/** Our own role: notes the length of the accepted answer, then ends the dialogue. */
const answerLength = defineTrajectoryRole({
  name: "answer-length",
  routes: ["end"],
  async run(state) {
    const last = state.messages.at(-1);
    const words = last?.role === "assistant" ? (last.content ?? "").split(/\s+/).filter(Boolean).length : 0;
    return { meta: { "answer-length": { words } }, next: "end" };
  },
});

const graph = trajectoryGraph()
  .addRole(criticRole({ maxRounds: 1 }), { between: ["assistant", "end"] })
  .addRole(answerLength, { between: ["critic", "end"] });

const options: SimulationOptions = { models: resolveRoleModels({ model: "sim", seed: 11 }), seed: 11, parallel: true };

for (const task of tasks) {
  const record: TrajectoryRecord = await graph.simulate(task, options);
  console.log(JSON.stringify(record));
  console.error(`${record.task_id}: ${record.reason ?? "accepted"}, ${record.messages.length} messages, ${preferencePairs(record).length} preference pair(s)`);
}
