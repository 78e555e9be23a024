/**
 * Audit a run made with `--model sim:messy[:rate]`: read `faults.jsonl`, `trajectories.jsonl`
 * and `rejected.jsonl`, and print the fault table (injected / recovered / rejected / leaked)
 * and the acceptance rate. Usage: `npx tsx bench/messy-audit.ts <run-dir>`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { constructionFaults, faultOutcomes, formatFaultTable, readFaultLog, type AuditedRecord as AuditedRecordLike } from "../src/models/sim/messy/index.js";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: npx tsx bench/messy-audit.ts <run-dir>\n");
  process.exit(2);
}
const read = async (name: string) =>
  (await readFile(join(dir, name), "utf8").catch(() => ""))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditedRecordLike);
const accepted = await read("trajectories.jsonl");
const rejected = await read("rejected.jsonl");
const faults = await readFaultLog(dir);
const rows = faultOutcomes(faults, accepted, rejected);
const total = accepted.length + rejected.length;
process.stdout.write(`${formatFaultTable(rows)}\n\n`);
process.stdout.write(`trajectories: ${accepted.length}/${total} accepted (${((100 * accepted.length) / Math.max(1, total)).toFixed(1)}%)\n`);
const reasons = new Map<string, number>();
for (const record of rejected) {
  const code = (record.reason ?? "").split(":")[0] ?? "";
  reasons.set(code, (reasons.get(code) ?? 0) + 1);
}
for (const [reason, count] of reasons) process.stdout.write(`  rejected ${reason}: ${count}\n`);
const construction = constructionFaults(faults);
if (Object.keys(construction).length > 0) {
  process.stdout.write(`construction-stage faults: ${Object.entries(construction).map(([kind, count]) => `${kind} ${count}`).join(", ")}\n`);
}
