import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "button-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function button(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", main, ...args], { encoding: "utf8", env: { ...process.env, OPENAI_API_KEY: "" } });
}

describe("the button executable", () => {
  it("prints a clear one-line error and exits 2 for bad input, without a stack trace", () => {
    const result = button("simulate", "--tasks", join(dir, "missing.jsonl"), "--out", join(dir, "out"), "--no-progress");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("task file not found; check the --tasks path");
    expect(result.stderr).toContain("missing.jsonl");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("explains how to configure a real model when no key is set", () => {
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, "");
    const result = button("simulate", "--tasks", tasks, "--out", join(dir, "real"), "--model", "openai:gpt-4o-mini", "--no-progress");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/set OPENAI_API_KEY, or pass --base-url/);
  });

  it("rejects a malformed flag value naming the flag, with exit code 2 like any bad input", () => {
    const result = button("simulate", "--tasks", "x", "--out", "y", "--concurrency", "zero");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("option '--concurrency <n>' argument 'zero' is invalid");
  });
});
