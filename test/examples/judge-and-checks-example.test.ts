import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

describe("examples/judge-and-checks.ts", () => {
  it("rejects each false record by a check and the simulated judge, and accepts the valid one", async () => {
    const lines = async (file: string) => {
      const { stdout } = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/judge-and-checks.ts", file], { cwd: repository });
      return stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: string; accepted: boolean; rejections: string | null; judge_score: number });
    };
    const rejected = await lines("test/fixtures/false-records/false-records.jsonl");
    expect(rejected).toHaveLength(6);
    for (const line of rejected) {
      expect(line.accepted, line.id).toBe(false);
      expect(line.rejections, line.id).toMatch(/message \d+/);
      expect(line.judge_score, line.id).toBeLessThan(4);
    }
    expect(await lines("test/fixtures/false-records/valid.jsonl")).toEqual([{ id: "fr-valid", accepted: true, rejections: null, judge_score: 5, judge_reason: null }]);
  });
});
