/**
 * Audit runs made with `--model sim:messy[:rate]`: read each run directory's `faults.jsonl`,
 * `trajectories.jsonl`, `rejected.jsonl` and `construction.json`, and print, summed over the
 * directories, the fault table (injected / recovered / rejected / leaked), the acceptance rate,
 * rejection reasons, and for construction: candidates tried, feedback rounds, tasks rescued by
 * feedback, strategy mix and depth of the written tasks.
 * Usage: `npx tsx bench/messy-audit.ts <run-dir> [<run-dir> …]`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  constructionFaults,
  faultOutcomes,
  formatFaultTable,
  readFaultLog,
  type AuditedRecord,
  type FaultOutcome,
  type InjectedFault,
} from "../src/models/sim/messy/index.js";

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  process.stderr.write("usage: npx tsx bench/messy-audit.ts <run-dir> [<run-dir> …]\n");
  process.exit(2);
}
const readLines = async (dir: string, name: string) =>
  (await readFile(join(dir, name), "utf8").catch(() => ""))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditedRecord);

const rows = new Map<string, FaultOutcome>();
const allFaults: InjectedFault[] = [];
const reasons = new Map<string, number>();
let accepted = 0;
let rejected = 0;
const construction = { tasks: 0, attempts: 0, feedbackRounds: 0, rescuedByFeedback: 0, tasksRescued: 0, runs: 0 };
const strategies: Record<string, number> = {};
const depths: Record<string, number> = {};
for (const dir of dirs) {
  const good = await readLines(dir, "trajectories.jsonl");
  const bad = await readLines(dir, "rejected.jsonl");
  const faults = await readFaultLog(dir);
  allFaults.push(...faults);
  accepted += good.length;
  rejected += bad.length;
  for (const record of bad) {
    const code = (record.reason ?? "").split(":")[0] ?? "";
    reasons.set(code, (reasons.get(code) ?? 0) + 1);
  }
  for (const row of faultOutcomes(faults, good, bad)) {
    const sum = rows.get(row.kind) ?? { ...row, injected: 0, recovered: 0, rejected: 0, rejected_naming_kind: 0, leaked: 0 };
    sum.injected += row.injected;
    sum.recovered += row.recovered;
    sum.rejected += row.rejected;
    sum.rejected_naming_kind += row.rejected_naming_kind;
    sum.leaked += row.leaked;
    rows.set(row.kind, sum);
  }
  const manifest = JSON.parse(await readFile(join(dir, "construction.json"), "utf8").catch(() => "null"));
  if (manifest) {
    construction.runs++;
    construction.tasks += manifest.stats.tasksAccepted;
    construction.attempts += manifest.stats.attempts;
    construction.feedbackRounds += manifest.stats.feedbackRounds;
    construction.rescuedByFeedback += manifest.stats.rescuedByFeedback;
    construction.tasksRescued += manifest.stats.tasksRescued;
    for (const [name, count] of Object.entries(manifest.written.strategies as Record<string, number>)) strategies[name] = (strategies[name] ?? 0) + count;
    for (const [name, count] of Object.entries(manifest.written.depths as Record<string, number>)) depths[name] = (depths[name] ?? 0) + count;
  }
}
const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
process.stdout.write(`${formatFaultTable([...rows.values()])}\n\n`);
process.stdout.write(`trajectories: ${accepted}/${accepted + rejected} accepted (${percent(accepted, accepted + rejected)})\n`);
for (const [reason, count] of reasons) process.stdout.write(`  rejected ${reason}: ${count}\n`);
const stageFaults = constructionFaults(allFaults);
if (Object.keys(stageFaults).length > 0) {
  process.stdout.write(`construction-stage faults: ${Object.entries(stageFaults).map(([kind, count]) => `${kind} ${count}`).join(", ")}\n`);
}
if (construction.runs > 0) {
  process.stdout.write(
    `construction: ${construction.tasks} tasks written from ${construction.attempts} candidates; ${construction.feedbackRounds} sent back with the reason, ` +
      `${construction.rescuedByFeedback} passed on the second try; ${construction.tasksRescued} written tasks (${percent(construction.tasksRescued, construction.tasks)}) rescued by the feedback loop\n`,
  );
  process.stdout.write(`strategy mix: ${Object.entries(strategies).map(([name, count]) => `${name} ${count} (${percent(count, construction.tasks)})`).join(", ")}\n`);
  process.stdout.write(`depth (sub-tasks): ${Object.entries(depths).map(([depth, count]) => `${depth}: ${count}`).join(", ")}\n`);
}
