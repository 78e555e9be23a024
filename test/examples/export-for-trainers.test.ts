import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { exportRecords } from "../../src/formats/export-records.js";
import { fixturePath } from "../helpers/shared-datasets.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "button-trainers-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("examples/export-for-trainers.ts", () => {
  it("writes the split, dataset_info.json, Parquet and the report", async () => {
    // A run directory's trajectories.jsonl, from the test fixture.
    const runDirectory = join(out, "run");
    await exportRecords(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl"), "button", join(runDirectory, "trajectories.jsonl"));
    const { stdout } = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/export-for-trainers.ts", runDirectory, join(out, "training")], { cwd: repository });
    expect(stdout).toMatch(/^train: 2 records in .*button\.train\.jsonl$/m);
    expect(stdout).toMatch(/^val: 1 records in .*button\.val\.jsonl$/m);
    expect(stdout).toContain("Parquet: 3 records");
    const info = JSON.parse(readFileSync(join(out, "training", "dataset_info.json"), "utf8")) as Record<string, { file_name: string }>;
    expect(info["button.train"]!.file_name).toBe("button.train.jsonl");
    expect(existsSync(join(out, "training", "report.html"))).toBe(true);
  });
});
