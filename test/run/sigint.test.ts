import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunManifest } from "../../src/run/run-manifest.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";
import { readJsonl } from "./read-jsonl.js";

const child = fileURLToPath(new URL("./drain-child.ts", import.meta.url));
const tsxLoader = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-sigint-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0);

describe("SIGINT", () => {
  it("drains the tasks in flight, writes whole lines and a manifest, and exits cleanly", async () => {
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, tasksJsonl(generateTasks(2000)));
    const out = join(dir, "run");
    const running = spawn(process.execPath, ["--import", tsxLoader, child, tasks, out], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    running.stdout.on("data", (chunk) => (stdout += chunk));
    const poll = setInterval(() => {
      if (lines(join(out, "trajectories.jsonl")) + lines(join(out, "rejected.jsonl")) >= 8) {
        clearInterval(poll);
        running.kill("SIGINT");
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => running.on("exit", resolve));
    clearInterval(poll);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ stopReason: "drained" });
    const written = [...readJsonl(join(out, "trajectories.jsonl")), ...readJsonl(join(out, "rejected.jsonl"))];
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as RunManifest;
    expect(manifest).toMatchObject({ status: "stopped", stop_reason: "drained" });
    expect(manifest.counts.done).toBe(written.length);
    expect(written.length).toBeLessThan(2000);
  });
});
