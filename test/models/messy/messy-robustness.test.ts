import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buttonProgram } from "../../../src/cli/program.js";
import { carriesFault, faultOutcomes, type AuditedRecord, type InjectedFault } from "../../../src/models/sim/messy/index.js";

const jsonl = <T>(path: string): T[] => {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
};

async function cli(...args: string[]): Promise<void> {
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await buttonProgram().exitOverride().parseAsync(args, { from: "user" });
  } finally {
    write.mockRestore();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "button-messy-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Read a messy run back: the fault log and the records, and what became of every fault. */
function audit(out: string) {
  const faults = jsonl<InjectedFault>(join(out, "faults.jsonl"));
  const accepted = jsonl<AuditedRecord>(join(out, "trajectories.jsonl"));
  const rejected = jsonl<AuditedRecord>(join(out, "rejected.jsonl"));
  return { faults, accepted, rejected, outcomes: faultOutcomes(faults, accepted, rejected) };
}

function expectRobust(out: string, minimumFaults: number) {
  const { faults, accepted, rejected, outcomes } = audit(out);
  const trajectoryFaults = faults.filter((fault) => !fault.role.startsWith("construction-"));
  expect(trajectoryFaults.length).toBeGreaterThanOrEqual(minimumFaults);
  // At least 90% of tasks accepted.
  expect(accepted.length / (accepted.length + rejected.length)).toBeGreaterThanOrEqual(0.9);
  // Zero accepted records carry an injected fault: looked up by task, and in every accepted record.
  for (const fault of trajectoryFaults) {
    const own = accepted.find((record) => record.task_id === fault.task);
    if (own) expect(carriesFault(own, fault.evidence), `${fault.kind} in ${fault.task}`).toBe(false);
    for (const record of accepted) if (!("empty_thought" in fault.evidence)) expect(carriesFault(record, fault.evidence), `${fault.kind} leaked into ${record.task_id}`).toBe(false);
  }
  expect(outcomes.reduce((sum, row) => sum + row.leaked, 0)).toBe(0);
  // Every rejection names the fault kind (or code) that caused it.
  for (const record of rejected) expect(record.reason).toMatch(/^[a-z-]+:/);
  // The manifest counts the faults by kind.
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  expect(Object.values(manifest.faults as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(faults.length);
  return { faults, outcomes };
}

describe("robustness on the messy simulator (rate 0.2)", () => {
  it("simulate on examples/tasks.jsonl: ≥90% accepted, no accepted record carries a fault", async () => {
    const out = join(dir, "tasks");
    await cli("simulate", "--tasks", "examples/tasks.jsonl", "--out", out, "--model", "sim:messy", "--no-progress");
    expectRobust(out, 10);
  });

  it("run --seeds examples/seeds --count 40: 40 tasks written, ≥90% accepted, no accepted record carries a fault", async () => {
    const out = join(dir, "seeds");
    await cli("run", "--seeds", "examples/seeds", "--count", "40", "--out", out, "--model", "sim:messy", "--no-progress");
    expect(jsonl(join(out, "tasks.jsonl"))).toHaveLength(40);
    const { faults } = expectRobust(out, 20);
    expect(faults.some((fault) => fault.role.startsWith("construction-"))).toBe(true);
  });

  it("at a high rate, faults that persist are rejected under their own name, never accepted", async () => {
    const out = join(dir, "high");
    await cli("simulate", "--tasks", "examples/tasks.jsonl", "--out", out, "--model", "sim:messy:0.6", "--no-progress", "--max-retries", "1");
    const { accepted, rejected, outcomes } = audit(out);
    expect(rejected.length).toBeGreaterThan(0);
    expect(outcomes.reduce((sum, row) => sum + row.leaked, 0)).toBe(0);
    expect(outcomes.reduce((sum, row) => sum + row.rejected_naming_kind, 0)).toBeGreaterThan(0);
    expect(accepted.length + rejected.length).toBe(22);
  });
});
