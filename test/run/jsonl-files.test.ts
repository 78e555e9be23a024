import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AIMessage } from "@langchain/core/messages";
import { readFaultLog } from "../../src/models/sim/messy/fault-log.js";
import { JsonlCallJournal } from "../../src/run/jsonl-call-journal.js";
import { JsonlRecordSink } from "../../src/run/jsonl-record-sink.js";
import { JsonlTaskSource } from "../../src/run/jsonl-task-source.js";
import { readRecordedLines, repairTornTail } from "../../src/run/run-directory.js";
import type { SourceEntry } from "../../src/run/task-source.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-jsonl-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (taskId: string, filler = ""): TrajectoryRecord => ({
  id: `r-${taskId}`,
  task_id: taskId,
  messages: [{ role: "user", content: filler }],
  tools: [],
  parallel_tool_calls: true,
  verdicts: [],
  meta: {},
});

describe("JsonlTaskSource", () => {
  it("streams tasks in order, skips blank lines, and reports bad lines with line and field", async () => {
    const path = join(dir, "tasks.jsonl");
    const [first, second] = generateTasks(2);
    const { id: _id, ...anonymous } = second!;
    writeFileSync(path, `${JSON.stringify(first)}\n\n[1,2\n${JSON.stringify({ ...first, id: "t-x", strategy: "" })}\n${JSON.stringify(anonymous)}\n`);
    const entries: SourceEntry[] = [];
    for await (const entry of new JsonlTaskSource(path).entries()) entries.push(entry);
    expect(entries.map((entry) => entry.kind)).toEqual(["task", "invalid", "invalid", "task"]);
    expect(entries[0]).toMatchObject({ kind: "task", task: { id: "t-0000" }, position: { line: 1 } });
    expect(entries[1]).toMatchObject({ position: { line: 3 }, error: { line: 3, file: path } });
    expect(entries[1]!.kind === "invalid" && entries[1]!.id).toMatch(/^invalid-/);
    expect(entries[2]).toMatchObject({ id: "t-x", error: { field: "strategy", line: 4 } });
    // A task without an id gets the stable content hash, the same on every read.
    const again: SourceEntry[] = [];
    for await (const entry of new JsonlTaskSource(path).entries()) again.push(entry);
    const hashed = entries[3]!.kind === "task" ? entries[3]!.task.id : "";
    expect(hashed).toMatch(/^t-[0-9a-f]{16}$/);
    expect(again[3]!.kind === "task" && again[3]!.task.id).toBe(hashed);
    expect(await new JsonlTaskSource(path).count()).toBe(4);
  });

  it("says when the task file does not exist", async () => {
    const source = new JsonlTaskSource(join(dir, "missing.jsonl"));
    await expect(async () => {
      for await (const _ of source.entries()) void _;
    }).rejects.toThrow(/Task file not found/);
  });

  it("stops reading when the consumer stops", async () => {
    const path = join(dir, "tasks.jsonl");
    writeFileSync(path, tasksJsonl(generateTasks(50)));
    let read = 0;
    for await (const _ of new JsonlTaskSource(path).entries()) {
      if (++read === 3) break;
    }
    expect(read).toBe(3);
  });
});

describe("JsonlRecordSink", () => {
  it("appends whole lines without interleaving under concurrent writes", async () => {
    const path = join(dir, "out.jsonl");
    const sink = new JsonlRecordSink(path, { syncIntervalMs: 0 });
    const big = "x".repeat(200_000);
    await Promise.all(Array.from({ length: 30 }, (_, index) => sink.write(record(`t-${index}`, index % 3 === 0 ? big : ""))));
    await sink.close();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => (JSON.parse(line) as TrajectoryRecord).task_id)).toEqual(Array.from({ length: 30 }, (_, index) => `t-${index}`));
  });
});

describe("repairTornTail", () => {
  it("cuts a torn last line and leaves whole files alone", async () => {
    const path = join(dir, "out.jsonl");
    const whole = `${JSON.stringify(record("t-1"))}\n${JSON.stringify(record("t-2"))}\n`;
    writeFileSync(path, whole);
    expect(await repairTornTail(path)).toBe(0);
    writeFileSync(path, `${whole}{"id":"r-t-3","task_`);
    expect(await repairTornTail(path)).toBe(20);
    expect(readFileSync(path, "utf8")).toBe(whole);
    writeFileSync(path, `{"torn":`);
    expect(await repairTornTail(path)).toBe(8);
    expect(readFileSync(path, "utf8")).toBe("");
    expect(await repairTornTail(join(dir, "absent.jsonl"))).toBe(0);
  });

  it("finds the last newline across read chunks", async () => {
    const path = join(dir, "out.jsonl");
    const line = `${JSON.stringify(record("t-1"))}\n`;
    writeFileSync(path, line + "y".repeat(200_000));
    expect(await repairTornTail(path)).toBe(200_000);
    const ids: string[] = [];
    for await (const { record: read } of readRecordedLines(path)) ids.push(read.task_id);
    expect(ids).toEqual(["t-1"]);
  });
});

describe("JsonlCallJournal", () => {
  it("replays the whole answers of a journal whose last line a crash tore, and asks the torn one again", () => {
    const path = join(dir, "construction-journal.jsonl");
    const first = new JsonlCallJournal(path);
    first.record("k1", { message: new AIMessage({ content: "one" }), usage: { prompt: 3, completion: 1 } });
    first.record("k2", { message: new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "f", args: { x: 1 } }] }), usage: { prompt: 4, completion: 2 } });
    writeFileSync(path, `${readFileSync(path, "utf8").replace(/\n/g, "\r\n")}{"key":"k3","content":"thr`);
    const replayed = new JsonlCallJournal(path);
    expect(replayed.size).toBe(2);
    expect(replayed.replay("k1")?.message.content).toBe("one");
    expect(replayed.replay("k2")?.message.tool_calls).toMatchObject([{ name: "f", args: { x: 1 } }]);
    expect(replayed.replay("k3")).toBeUndefined();
  });
});

describe("readFaultLog", () => {
  it("reads faults.jsonl, is empty when absent, and names the line it cannot read", async () => {
    expect(await readFaultLog(dir)).toEqual([]);
    const fault = { kind: "malformed-json", role: "assistant", task_id: "t-1" };
    writeFileSync(join(dir, "faults.jsonl"), `${JSON.stringify(fault)}\n\n${JSON.stringify(fault)}\n`);
    expect(await readFaultLog(dir)).toEqual([fault, fault]);
    writeFileSync(join(dir, "faults.jsonl"), `${JSON.stringify(fault)}\n{"kind":\n`);
    await expect(readFaultLog(dir)).rejects.toThrow(/faults\.jsonl:line 2: not valid JSON/);
  });
});
