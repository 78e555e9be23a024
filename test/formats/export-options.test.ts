import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { exportRecords } from "../../src/formats/export-records.js";
import { parseSplit, partPath, seededShuffle, splitByShare } from "../../src/formats/export/export-plan.js";
import { loadTokenizer, recordTokens } from "../../src/formats/export/record-tokens.js";
import { fixturePath } from "../helpers/shared-datasets.js";

const fixture = fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl");
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

/** Parquet has no "absent": a missing field reads back as null. Drop both, and parse JSON-text columns, to compare. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "bigint") return Number(value);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null && item !== undefined).map(([key, item]) => [key, normalise(item)]));
  }
  return value;
}

describe("export plan", () => {
  it("parses a split and refuses shares that do not add up to 1", () => {
    expect(parseSplit("train=0.95,val=0.05")).toEqual([{ name: "train", share: 0.95 }, { name: "val", share: 0.05 }]);
    expect(() => parseSplit("train=0.9,val=0.2")).toThrow(/add up to 1\.1/);
    expect(() => parseSplit("train")).toThrow(/name=share/);
  });

  it("cuts 100 items 95/5, keeps small parts non-empty, names part files", () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    expect(splitByShare(items, parseSplit("train=0.95,val=0.05")).map((group) => group.items.length)).toEqual([95, 5]);
    expect(splitByShare(items.slice(0, 10), parseSplit("train=0.99,val=0.01")).map((group) => group.items.length)).toEqual([9, 1]);
    expect(partPath("out/data.jsonl", "train")).toBe("out/data.train.jsonl");
    expect(partPath("out/data", "val")).toBe("out/data.val");
  });

  it("shuffles the same way for the same seed and differently for another", () => {
    const items = Array.from({ length: 50 }, (_, index) => index);
    expect(seededShuffle(items, 7)).toEqual(seededShuffle(items, 7));
    expect(seededShuffle(items, 7)).not.toEqual(seededShuffle(items, 8));
    expect([...seededShuffle(items, 7)].sort((a, b) => a - b)).toEqual(items);
  });
});

describe("exportRecords options", () => {
  it("splits a shuffled sample into train/val files and writes LLaMA-Factory's dataset_info.json beside ShareGPT", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-export-")), "sharegpt.jsonl");
    const summary = await exportRecords(fixture, "sharegpt", out, { split: "train=0.67,val=0.33", shuffle: true, seed: 1, countTokens: true });
    expect(summary.files.map((file) => [file.part, file.records])).toEqual([["train", 2], ["val", 1]]);
    const train = lines(out.replace(".jsonl", ".train.jsonl"));
    const val = lines(out.replace(".jsonl", ".val.jsonl"));
    expect(train.length + val.length).toBe(3);
    const info = JSON.parse(readFileSync(summary.datasetInfo!, "utf8")) as Record<string, { file_name: string; formatting: string; columns: Record<string, string>; tags: Record<string, string> }>;
    expect(Object.keys(info)).toEqual(["sharegpt.train", "sharegpt.val"]);
    expect(info["sharegpt.train"]).toMatchObject({ file_name: "sharegpt.train.jsonl", formatting: "sharegpt", columns: { messages: "conversations", tools: "tools" } });
    // Every tag the file uses is declared, so LLaMA-Factory maps every turn.
    const tags = new Set(Object.values(info["sharegpt.train"]!.tags));
    for (const record of [...train, ...val]) for (const turn of record.conversations as Array<{ from: string }>) expect(tags.has(turn.from), turn.from).toBe(true);
    expect(summary.tokenLengths).toMatchObject({ tokenizer: "o200k_base", count: 3 });
    expect(summary.tokenLengths!.min).toBeGreaterThan(20);
  });

  it("samples N and drops records over a token limit counted by a real tokenizer", async () => {
    const tokenizer = await loadTokenizer("o200k_base");
    expect(tokenizer.encode("hello world").length).toBe(2);
    const whole = join(mkdtempSync(join(tmpdir(), "button-export-")), "all.jsonl");
    await exportRecords(fixture, "openai", whole);
    const counts = lines(whole).map((record) => recordTokens(tokenizer, record)).sort((a, b) => a - b);
    const limited = join(mkdtempSync(join(tmpdir(), "button-export-")), "short.jsonl");
    const summary = await exportRecords(fixture, "openai", limited, { maxTokensPerRecord: counts[1] });
    expect(summary.tooLong).toBe(counts.filter((count) => count > counts[1]!).length);
    expect(lines(limited)).toHaveLength(3 - summary.tooLong);
    const sampled = join(mkdtempSync(join(tmpdir(), "button-export-")), "sample.jsonl");
    expect((await exportRecords(fixture, "openai", sampled, { sample: 2 })).written).toBe(2);
  });

  it.each(["openai", "sharegpt", "button"])("a %s Parquet export read back by hyparquet equals the JSONL export", async (format) => {
    const directory = mkdtempSync(join(tmpdir(), "button-export-"));
    await exportRecords(fixture, format, join(directory, "records.jsonl"), { datasetInfo: false });
    await exportRecords(fixture, format, join(directory, "records.parquet"), { datasetInfo: false });
    const bytes = readFileSync(join(directory, "records.parquet"));
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    const jsonl = lines(join(directory, "records.jsonl"));
    // `tools` is stored as JSON text (free-form schemas differ per record), as ShareGPT already does.
    const parsedTools = rows.map((row) => ({ ...row, ...(typeof row.tools === "string" && format !== "sharegpt" ? { tools: JSON.parse(row.tools) } : {}) }));
    expect(normalise(parsedTools)).toEqual(normalise(jsonl));
  });
});

/** pyarrow is what Hugging Face `datasets` reads Parquet with; where Python has it, read the export with it too. */
const pyarrow = spawnSync("python3", ["-c", "import pyarrow.parquet"], { stdio: "ignore" }).status === 0;
if (!pyarrow) console.warn("[skip] python3 with pyarrow is absent: the Parquet export is checked with hyparquet only.");

describe.skipIf(!pyarrow)("Parquet read by pyarrow (the reader under Hugging Face datasets)", () => {
  it.each(["openai", "sharegpt"])("a %s export reads back equal to the JSONL", async (format) => {
    const directory = mkdtempSync(join(tmpdir(), "button-export-"));
    await exportRecords(fixture, format, join(directory, "records.jsonl"), { datasetInfo: false });
    await exportRecords(fixture, format, join(directory, "records.parquet"), { datasetInfo: false });
    const script = "import json,sys,pyarrow.parquet as pq; print(json.dumps(pq.read_table(sys.argv[1]).to_pylist()))";
    const rows = JSON.parse(execFileSync("python3", ["-c", script, join(directory, "records.parquet")], { encoding: "utf8" })) as Array<Record<string, unknown>>;
    const parsed = rows.map((row) => ({ ...row, ...(typeof row.tools === "string" && format !== "sharegpt" ? { tools: JSON.parse(row.tools) } : {}) }));
    expect(normalise(parsed)).toEqual(normalise(lines(join(directory, "records.jsonl"))));
  });
});
