/**
 * Runs every trajectory check over the real public datasets in ../shared/datasets (or the
 * folder given as the first argument) and prints, per check and dataset, how many records it
 * flags and its most common reasons, plus the false-rejection rate on τ-bench trajectories with
 * reward 1. These numbers set each check's severity (docs/checks-and-judges.md).
 *
 *   npm run check-datasets [-- <datasets dir>] [--markdown]
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readRecords } from "../src/formats/read-records.js";
import type { TrajectoryRecord } from "../src/schema/trajectory.js";
import { trajectoryChecks } from "../src/verify/check-registry.js";
import type { TrajectoryCheck } from "../src/verify/trajectory-check.js";

const DATASETS: Array<{ name: string; path: string[] }> = [
  { name: "tau-bench", path: ["tau-bench", "gpt-4o-airline_first30.jsonl"] },
  { name: "glaive (sharegpt)", path: ["glaive-v2", "glaive_toolcall_en_demo_sharegpt_first200.jsonl"] },
  { name: "glaive (raw)", path: ["glaive-v2", "glaive_v2_raw.jsonl"] },
  { name: "toolace", path: ["toolace", "toolace_first100_sharegpt_converted.jsonl"] },
  { name: "xlam", path: ["xlam-60k", "xlam_reconstructed_first100.jsonl"] },
  { name: "toolbench", path: ["toolbench", "data_example", "answer", "G1_answer"] },
];

interface Tally {
  records: number;
  unreadable: number;
  flagged: Map<string, number>;
  reasons: Map<string, Map<string, number>>;
  /** τ-bench only: records with reward 1, and how many of them each check flags. */
  rewardOne: number;
  rewardOneFlagged: Map<string, number>;
  rewardOneRejected: number;
  rewardZero: number;
  rewardZeroRejected: number;
}

const args = process.argv.slice(2);
const markdown = args.includes("--markdown");
const root = resolve(args.find((arg) => !arg.startsWith("--")) ?? join(process.cwd(), "..", "shared", "datasets"));
if (!existsSync(root)) {
  process.stderr.write(`no datasets folder at ${root}; pass its path as the first argument\n`);
  process.exit(1);
}

const checks = trajectoryChecks.list();
const results: Array<{ name: string; tally: Tally }> = [];
for (const dataset of DATASETS) {
  const path = join(root, ...dataset.path);
  if (!existsSync(path)) continue;
  const tally: Tally = {
    records: 0,
    unreadable: 0,
    flagged: new Map(),
    reasons: new Map(),
    rewardOne: 0,
    rewardOneFlagged: new Map(),
    rewardOneRejected: 0,
    rewardZero: 0,
    rewardZeroRejected: 0,
  };
  for await (const entry of readRecords(path)) {
    if (entry.error) {
      tally.unreadable++;
      continue;
    }
    tally.records++;
    const reward = (entry.raw as { reward?: unknown } | undefined)?.reward;
    if (reward === 1) tally.rewardOne++;
    if (reward === 0) tally.rewardZero++;
    let rejected = false;
    for (const check of checks) {
      const problems = problemsOf(check, entry.record);
      if (problems.length === 0) continue;
      if (check.defaultSeverity === "reject") rejected = true;
      tally.flagged.set(check.name, (tally.flagged.get(check.name) ?? 0) + 1);
      if (reward === 1) tally.rewardOneFlagged.set(check.name, (tally.rewardOneFlagged.get(check.name) ?? 0) + 1);
      const reasons = tally.reasons.get(check.name) ?? new Map<string, number>();
      for (const problem of new Set(problems.map(reasonKind))) reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
      tally.reasons.set(check.name, reasons);
    }
    if (rejected && reward === 1) tally.rewardOneRejected++;
    if (rejected && reward === 0) tally.rewardZeroRejected++;
  }
  results.push({ name: dataset.name, tally });
}

function problemsOf(check: TrajectoryCheck, record: TrajectoryRecord): string[] {
  let found;
  try {
    found = check.run(record, {});
  } catch (error) {
    return [`the check failed to run: ${(error as Error).message}`];
  }
  if (found === undefined) return [];
  return (Array.isArray(found) ? found : [found]).filter((finding) => finding.ok !== true).map((finding) => finding.detail ?? "failed");
}

/** A reason with its specifics (message numbers, call ids, quoted values) taken out, so alike reasons group. */
function reasonKind(detail: string): string {
  return detail
    .replace(/^message \d+(?: \(final answer\))?,?\s*/, "")
    .replace(/call '[^']*' \([^)]*\),?\s*/, "")
    .replace(/result of '[^']*' \(call [^)]*\),?\s*/, "")
    // Values go; the names of arguments and fields stay (they say what kind of value it was).
    .replace(/(^|[\s(=:,])'([^']*)'(?=[\s,:;.)]|$)/g, (match, before: string, inner: string, offset: number, whole: string) =>
      /(argument|field) $/.test(whole.slice(0, offset + before.length)) ? `${before}'${inner.replace(/\[\d+\]/g, "[N]")}'` : `${before}'…'`,
    )
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(\.\d+)?/g, "N")
    .slice(0, 110);
}

const names = results.map((result) => result.name);
const line = (cells: string[]) => (markdown ? `| ${cells.join(" | ")} |` : cells.map((cell, index) => cell.padEnd(index === 0 ? 24 : 18)).join(""));
const out: string[] = [];
out.push(markdown ? "Records flagged per check and dataset (flagged / read):\n" : "records flagged per check and dataset (flagged / read)");
out.push(line(["check (severity)", ...names, "τ-bench reward 1"]));
if (markdown) out.push(`|${Array(names.length + 2).fill("---").join("|")}|`);
for (const check of checks) {
  const tau = results.find((result) => result.name === "tau-bench")?.tally;
  out.push(
    line([
      `${check.name} (${check.defaultSeverity})`,
      ...results.map(({ tally }) => `${tally.flagged.get(check.name) ?? 0}/${tally.records}`),
      tau ? `${tau.rewardOneFlagged.get(check.name) ?? 0}/${tau.rewardOne}` : "-",
    ]),
  );
}
out.push("");
const tau = results.find((result) => result.name === "tau-bench")?.tally;
if (tau) {
  out.push(
    `τ-bench false-rejection rate (reward-1 trajectories rejected by any reject-severity check): ${tau.rewardOneRejected}/${tau.rewardOne}` +
      ` = ${percent(tau.rewardOneRejected, tau.rewardOne)}; reward-0 trajectories rejected: ${tau.rewardZeroRejected}/${tau.rewardZero} = ${percent(tau.rewardZeroRejected, tau.rewardZero)}`,
  );
  out.push("");
}
for (const { name, tally } of results) if (tally.unreadable > 0) out.push(`${name}: ${tally.unreadable} records unreadable (not counted)`);
out.push(markdown ? "\nTop reasons per check:\n" : "\ntop reasons per check");
for (const check of checks) {
  const lines: string[] = [];
  for (const { name, tally } of results) {
    const reasons = [...(tally.reasons.get(check.name) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [reason, count] of reasons) lines.push(`${markdown ? "  - " : "    "}${name}: ${count}× ${reason}`);
  }
  if (lines.length === 0) continue;
  out.push(`${markdown ? "- " : "  "}${check.name}`);
  out.push(...lines);
}
process.stdout.write(`${out.join("\n")}\n`);

function percent(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${Math.round((part / whole) * 1000) / 10}%`;
}
