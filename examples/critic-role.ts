/**
 * A critic role between the assistant's final answer and the end, plus per-task user
 * personas. The critic sends an answer back (its feedback becomes the user's next turn) at
 * most twice; every answer it sent back and the one it accepted make a DPO preference pair.
 *
 *   npx tsx examples/critic-role.ts [--out DIR]
 *
 * Prints one trajectory record per line (JSONL) on stdout and a short summary on stderr;
 * with --out, also writes DIR/trajectories.jsonl and DIR/preferences.jsonl.
 * Runs offline on the simulator. In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  appendPreferences,
  createSimCriticSkill,
  criticRole,
  defaultSimSkills,
  parseTask,
  personaUserRole,
  preferencePairs,
  PREFERENCES_FILE,
  resolveRoleModels,
  SimChatModel,
  trajectoryGraph,
} from "../src/index.js";

const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(0, 4)
  .map((line) => parseTask(JSON.parse(line)));

// The simulated critic rejects answers that leave out a tool result; here it also sends back
// half of the first answers (chosen by seed), so the offline run shows revisions.
const critic = new SimChatModel({ seed: 1, skills: [createSimCriticSkill({ firstAnswerRejectRate: 0.5 }), ...defaultSimSkills()] });
const models = { ...resolveRoleModels(), critic };

const graph = trajectoryGraph()
  .replaceRole(personaUserRole())
  .addRole(criticRole({ maxRounds: 2 }), { between: ["assistant", "end"] });

const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (out) await mkdir(out, { recursive: true });
const lines: string[] = [];
for (const task of tasks) {
  const record = await graph.simulate(task, { models, seed: 1 });
  const pairs = preferencePairs(record);
  lines.push(JSON.stringify(record));
  console.log(JSON.stringify(record));
  const reviews = (record.meta.roles as { critic?: { reviews: Array<{ verdict: string }> } }).critic?.reviews ?? [];
  console.error(`${task.id}: ${record.reason ?? "accepted"}; reviews ${reviews.map((review) => review.verdict).join(" → ")}; ${pairs.length} preference pair(s)`);
  if (out) await appendPreferences(join(out, PREFERENCES_FILE), pairs);
}
if (out) await writeFile(join(out, "trajectories.jsonl"), lines.map((line) => `${line}\n`).join(""));
