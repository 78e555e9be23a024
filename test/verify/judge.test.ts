import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JUDGE_AXES } from "../../src/agents/judge-agent.js";
import { openAIFormat } from "../../src/formats/openai-format.js";
import { resolveModel } from "../../src/models/resolve-model.js";
import { judgedPreferencePair } from "../../src/preferences/judged-pairs.js";
import { judgeRunPairs } from "../../src/preferences/judge-run-pairs.js";
import { preferenceRecordSchema } from "../../src/preferences/preference-record.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { judgePair, judgeTrajectory, type JudgeMeta } from "../../src/verify/judge-trajectory.js";
import { fixturePath } from "../helpers/shared-datasets.js";

function read(name: string): TrajectoryRecord[] {
  const file = fixturePath(import.meta.url, "false-records", name);
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line, index) => openAIFormat.read(JSON.parse(line), { file, line: index + 1 }));
}

const [valid] = read("valid.jsonl") as [TrajectoryRecord];
const falseRecords = read("false-records.jsonl");
const model = resolveModel("sim");

/** The valid record with an argument only the warn-level code check questions (a currency code never said). */
function withUnsaidCurrency(record: TrajectoryRecord): TrajectoryRecord {
  const copy = structuredClone(record);
  const parameters = copy.tools[0]!.function.parameters as { properties: Record<string, unknown> };
  parameters.properties.currency = { type: "string", description: "Currency code for prices." };
  const call = copy.messages[2]!;
  if (call.role === "assistant" && call.tool_calls) call.tool_calls[0]!.function.arguments = JSON.stringify({ city: "Lisbon", check_in: "2025-06-14", currency: "CHF" });
  return copy;
}

describe("judgeTrajectory with the simulated judge", () => {
  it("scores a sound record 5 on every axis, stores verdicts with scores, and counts its tokens as role judge", async () => {
    const judged = await judgeTrajectory(valid, { model });
    expect(judged.accepted).toBe(true);
    expect(judged.reason).toBeUndefined();
    const meta = judged.record.meta.judge as JudgeMeta;
    expect(meta.score).toBe(5);
    expect(judged.record.verdicts.filter((verdict) => verdict.check.startsWith("judge:")).map((verdict) => [verdict.check, verdict.score])).toEqual(
      JUDGE_AXES.map((axis) => [`judge:${axis}`, 5]),
    );
    expect(judged.record.verdicts.find((verdict) => verdict.check === "judge")).toMatchObject({ ok: true, severity: "reject", score: 5 });
    expect(judged.record.usage!.by_role.judge!.prompt_tokens).toBeGreaterThan(0);
  });

  it("scores from what the record shows: each false record loses points on the axis its fault bears on, with the reason", async () => {
    const axisOf: Record<string, string> = {
      "fr-invented-argument": "arguments_correct",
      "fr-contradicting-result": "results_faithful",
      "fr-invented-identifier": "arguments_correct",
      "fr-ungrounded-answer": "final_answer_correct",
      "fr-unmentioned-entity": "arguments_correct",
      "fr-placeholder-result": "results_faithful",
    };
    const scores = new Set<string>();
    for (const record of falseRecords) {
      const judged = await judgeTrajectory(record, { model });
      const meta = judged.record.meta.judge as JudgeMeta;
      const axis = axisOf[record.id] as keyof JudgeMeta["axes"];
      expect(meta.axes[axis].score, record.id).toBeLessThan(4);
      expect(judged.accepted, record.id).toBe(false);
      expect(judged.reason).toMatch(/^judge: score [1-3] below threshold 4 \(/);
      scores.add(JSON.stringify(meta.axes));
    }
    expect(scores.size).toBeGreaterThan(3); // not a constant verdict
  });

  it("filters by the threshold: a warning-level doubt passes at 4 and is rejected at 5", async () => {
    const doubtful = withUnsaidCurrency(valid);
    const lenient = await judgeTrajectory(doubtful, { model, threshold: 4 });
    expect(lenient.accepted).toBe(true);
    expect((lenient.record.meta.judge as JudgeMeta).axes.arguments_correct).toEqual({ score: 4, reason: expect.stringMatching(/^argument-codes: .*'CHF'/) });
    const strict = await judgeTrajectory(doubtful, { model, threshold: 5 });
    expect(strict.accepted).toBe(false);
  });
});

describe("pairwise judging feeds preference pairs", () => {
  it("prefers the sound trajectory and makes a pair from where the two part", async () => {
    const invented = falseRecords.find((record) => record.id === "fr-invented-identifier")!;
    const judgement = await judgePair(invented, valid, { model });
    expect(judgement.preferred).toBe("B");
    expect(judgement.reason).toMatch(/identifier-provenance/);
    const pair = judgedPreferencePair(invented, valid, judgement)!;
    expect(preferenceRecordSchema.parse(pair)).toBeTruthy();
    expect(pair.prompt).toEqual(valid.messages.slice(0, 4));
    expect(pair.chosen[0]).toEqual(valid.messages[4]);
    expect(pair.rejected[0]).toEqual(invented.messages[4]);
    expect(judgedPreferencePair(valid, valid, { preferred: "tie", reason: "same" })).toBeUndefined();
    expect((await judgePair(valid, structuredClone(valid), { model })).preferred).toBe("tie");
  });

  it("judgeRunPairs compares two runs task by task and writes the pairs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-judge-pairs-"));
    const first = join(dir, "first.jsonl");
    const second = join(dir, "second.jsonl");
    const invented = falseRecords.find((record) => record.id === "fr-invented-argument")!;
    writeFileSync(first, `${JSON.stringify(invented)}\n`);
    writeFileSync(second, `${JSON.stringify(valid)}\n`);
    const summary = await judgeRunPairs({ first, second, model, out: join(dir, "preferences.jsonl") });
    expect(summary).toMatchObject({ compared: 1, pairs: 1, ties: 0, preferred: { first: 0, second: 1 } });
    const written = readFileSync(join(dir, "preferences.jsonl"), "utf8").trim().split("\n");
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!).meta).toMatchObject({ task_id: "t-hotel", trajectory_id: "fr-valid", source: "judge" });
  });
});

describe("the judge in a run", () => {
  it("judges accepted records, rejects low scores with a judge reason, and ledgers its tokens under role judge", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-judge-run-"));
    const tasks = join(dir, "tasks.jsonl");
    const task = (id: string) => ({ id, strategy: "atomic", task: "Book the cheaper Lisbon hotel", subtasks: [{ id: "s1", text: "Book the cheaper Lisbon hotel", role: "given" }], functions: [], meta: {} });
    writeFileSync(tasks, [task("t-sound"), task("t-doubtful")].map((entry) => JSON.stringify(entry)).join("\n") + "\n");
    const summary = await runSimulation({
      tasks,
      outDir: join(dir, "out"),
      processor: async (input) => ({ ...(input.id === "t-sound" ? valid : withUnsaidCurrency(valid)), id: `tr-${input.id}`, task_id: input.id }),
      verify: {},
      judge: { model, threshold: 5 },
      roleModels: { judge: "sim:0" },
      progress: false,
    });
    expect(summary.counts, JSON.stringify(summary.counts.rejected_by_reason)).toMatchObject({ accepted: 1, rejected: 1 });
    const accepted = JSON.parse(readFileSync(join(dir, "out", "trajectories.jsonl"), "utf8").trim()) as TrajectoryRecord;
    expect(accepted.task_id).toBe("t-sound");
    expect(accepted.meta.judge).toMatchObject({ score: 5 });
    const rejected = JSON.parse(readFileSync(join(dir, "out", "rejected.jsonl"), "utf8").trim()) as TrajectoryRecord;
    expect(rejected.reason).toMatch(/^judge: score 4 below threshold 5 \(arguments_correct 4: argument-codes: /);
    expect(summary.usage.by_role.judge!.prompt_tokens).toBeGreaterThan(0);
  });
});
