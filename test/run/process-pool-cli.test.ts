import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunManifest } from "../../src/run/run-manifest.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { readJsonl } from "./read-jsonl.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const tasks = fileURLToPath(new URL("../../examples/tasks.jsonl", import.meta.url));
const tsxLoader = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "button-pool-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function button(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, main, ...args, "--no-progress"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Records by task id, without the duplicate checks' verdicts (they follow completion order). */
function records(outDir: string): TrajectoryRecord[] {
  return readJsonl<TrajectoryRecord>(join(outDir, "trajectories.jsonl"))
    .sort((a, b) => a.task_id.localeCompare(b.task_id))
    .map((record) => ({ ...record, verdicts: record.verdicts.filter((verdict) => !verdict.check.endsWith("-duplicate")) }));
}

it("button simulate --processes 2 writes what one process writes, under the same config hash", async () => {
  const [single, pooled] = await Promise.all([
    button(["simulate", "--tasks", tasks, "--out", join(dir, "one"), "--concurrency", "8"]),
    button(["simulate", "--tasks", tasks, "--out", join(dir, "two"), "--concurrency", "8", "--processes", "2"]),
  ]);
  expect(single.code, single.stderr).toBe(0);
  expect(pooled.code, pooled.stderr).toBe(0);
  const accepted = records(join(dir, "one"));
  expect(accepted.length).toBeGreaterThan(0);
  expect(records(join(dir, "two"))).toEqual(accepted);
  const manifest = (name: string) => JSON.parse(readFileSync(join(dir, name, "manifest.json"), "utf8")) as RunManifest;
  expect(manifest("two").config_hash).toBe(manifest("one").config_hash);
  expect(manifest("two").status).toBe("completed");
});

it("refuses --processes with sim:messy, whose fault log lives in the playing process", async () => {
  const result = await button(["simulate", "--tasks", tasks, "--out", join(dir, "messy"), "--model", "sim:messy", "--processes", "2"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/sim:messy .* --processes 1/);
});
