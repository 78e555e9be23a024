import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bfclFormat, categoryOf, referenceCallNames } from "../../src/formats/bfcl-format.js";
import { readRecords } from "../../src/formats/read-records.js";
import { collectStats } from "../../src/report/dataset-stats.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { validateFile } from "../../src/verify/validate-file.js";
import { verifyTrajectory } from "../../src/verify/verify-trajectory.js";
import { sharedDatasets } from "../helpers/shared-datasets.js";

const shared = sharedDatasets(import.meta.url);

async function read(file: string): Promise<TrajectoryRecord[]> {
  const records: TrajectoryRecord[] = [];
  for await (const entry of readRecords(join(shared.dir, "bfcl", file))) {
    expect(entry.error, `${file}:${entry.line}`).toBeUndefined();
    expect(entry.format).toBe("bfcl");
    records.push(entry.record!);
  }
  return records;
}

describe("BFCL reader", () => {
  it("names categories and reference calls", () => {
    expect(categoryOf("live_irrelevance_12-3-0")).toBe("live_irrelevance");
    expect(categoryOf("multi_turn_miss_param_7")).toBe("multi_turn_miss_param");
    expect(referenceCallNames(["cd(folder='document')", "mv(source='a', destination='b')"])).toEqual(["cd", "mv"]);
    expect(referenceCallNames([{ "spotify.play": { artist: ["Taylor Swift"] } }])).toEqual(["spotify.play"]);
  });

  it("reads a single-turn entry with Python type names as an OpenAI tool list", () => {
    const record = bfclFormat.read({
      id: "irrelevance_0",
      question: [[{ role: "user", content: "What is the capital of France?" }]],
      function: [{ name: "area", description: "Area of a circle.", parameters: { type: "dict", properties: { radius: { type: "float", description: "r" } }, required: ["radius"] } }],
    });
    expect(record.messages).toEqual([{ role: "user", content: "What is the capital of France?" }]);
    expect(record.tools[0]!.function.parameters).toMatchObject({ type: "object", properties: { radius: { type: "number" } }, required: ["radius"] });
    expect(record.meta).toMatchObject({ source: "bfcl", category: "irrelevance", variant: "irrelevance", prompt_only: true });
    expect(verifyTrajectory(record).rejections).toEqual([]);
  });
});

describe.skipIf(!shared.exists)("BFCL negative categories from ../shared/datasets/bfcl", () => {
  it("irrelevance and live_irrelevance: variant irrelevance, the offered functions, no reference call", async () => {
    for (const file of ["BFCL_v4_irrelevance.json", "BFCL_v4_live_irrelevance.json"]) {
      const records = await read(file);
      expect(records.length).toBeGreaterThan(50);
      for (const record of records) {
        expect(record.meta.variant).toBe("irrelevance");
        expect(record.tools.length).toBeGreaterThan(0);
        expect(record.messages.every((message) => message.role === "user" || message.role === "system")).toBe(true);
      }
    }
  });

  it("multi_turn_miss_param: variant missing-info, tools from the class docs, a reference turn with no call", async () => {
    const records = await read("BFCL_v4_multi_turn_miss_param.json");
    expect(records).toHaveLength(30);
    const first = records[0]!;
    expect(first.meta).toMatchObject({ variant: "missing-info", category: "multi_turn_miss_param", involved_classes: ["TwitterAPI", "GorillaFileSystem"] });
    expect(first.tools.map((tool) => tool.function.name)).toContain("mv");
    const turns = (first.meta.reference as { turns: unknown[][] }).turns;
    expect(turns[3]).toEqual([]);
    expect(first.messages.filter((message) => message.role === "user")).toHaveLength(turns.length);
    for (const record of records) expect(verifyTrajectory(record).rejections, record.id).toEqual([]);
  });

  it("multi_turn_miss_func: variant missing-function; the missed functions are not offered, and the reference never calls them early", async () => {
    const records = await read("BFCL_v4_multi_turn_miss_func.json");
    expect(records).toHaveLength(30);
    const first = records[0]!;
    expect(first.meta).toMatchObject({ variant: "missing-function", missed_function: { "3": ["sort"] }, negative: { withheld_functions: ["sort"] } });
    expect(first.tools.map((tool) => tool.function.name)).not.toContain("sort");
    for (const record of records) {
      const verification = verifyTrajectory(record);
      expect(verification.rejections, record.id).toEqual([]);
      expect(verification.verdicts.find((verdict) => verdict.check === "missing-function-behaviour")?.ok).toBe(true);
    }
  });

  it("validate passes the negative files, and stats shows their variants", async () => {
    for (const file of ["BFCL_v4_multi_turn_miss_param.json", "BFCL_v4_multi_turn_miss_func.json", "BFCL_v4_live_irrelevance.json"]) {
      const report = await validateFile(join(shared.dir, "bfcl", file));
      expect(report.invalid, file).toEqual([]);
    }
    // Two questions of the irrelevance sample are asked twice over (with other functions): exact duplicates, rightly.
    const irrelevance = await validateFile(join(shared.dir, "bfcl", "BFCL_v4_irrelevance.json"));
    expect(Object.keys(irrelevance.errorsByKind)).toEqual(["exact-duplicate"]);
    const stats = await collectStats(join(shared.dir, "bfcl", "BFCL_v4_multi_turn_miss_func.json"));
    expect(stats.variants.trajectories).toEqual({ "missing-function": 30 });
    expect(stats.formats).toEqual({ bfcl: 30 });
  });
});
