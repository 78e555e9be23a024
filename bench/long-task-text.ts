/**
 * The offline simulator on one task whose text is very long: time grows linearly with the text.
 * Usage: node --import tsx bench/long-task-text.ts [bytes=1000000] [filler="x"]
 * A filler of one repeated character is the worst case for token-scanning regular expressions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveRoleModels } from "../src/models/resolve-model.js";
import { runSimulation } from "../src/run/run-simulation.js";

const bytes = Number(process.argv[2] ?? 1_000_000);
const filler = process.argv[3] ?? "x";
const task = JSON.parse(readFileSync(new URL("../examples/tasks.jsonl", import.meta.url), "utf8").split("\n")[0]!) as { task: string };
task.task = `${task.task} ${filler.repeat(Math.ceil(bytes / filler.length)).slice(0, bytes)}`;
const dir = mkdtempSync(join(tmpdir(), "button-long-task-"));
try {
  writeFileSync(join(dir, "tasks.jsonl"), `${JSON.stringify(task)}\n`);
  const started = performance.now();
  const summary = await runSimulation({ tasks: join(dir, "tasks.jsonl"), outDir: join(dir, "run"), simulation: { models: resolveRoleModels({ model: "sim" }) } });
  const elapsed = Math.round(performance.now() - started);
  process.stdout.write(`${bytes} bytes of ${JSON.stringify(filler)}: ${elapsed} ms, ${summary.counts.accepted} accepted, ${summary.counts.rejected} rejected\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
