import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const exampleTasks = fileURLToPath(new URL("../../examples/tasks.jsonl", import.meta.url));

let server: SimServer;
let requests = 0;
beforeAll(async () => {
  server = await startSimServer({ port: 0, latencyMs: 1_500 });
});
afterAll(() => server.close());

describe("npm run button", () => {
  it("starts node directly with the tsx loader, with no relaying process between npm and the CLI", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["button", "demo"]) expect(scripts[name]).toMatch(/^node --import tsx src\/cli\/main\.ts/);
  });

  it("one Ctrl-C (SIGINT to the whole process group, as a terminal sends it) drains: the tasks in flight are written", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-npm-sigint-")), "run");
    const child = spawn(
      "npm",
      ["run", "--silent", "button", "--", "simulate", "--tasks", exampleTasks, "--out", out, "--model", "openai:sim", "--base-url", server.url, "--concurrency", "2", "--no-progress"],
      { cwd: root, detached: true, env: { ...process.env, OPENAI_API_KEY: "test" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    while (server.stats().requests === requests) await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-child.pid!, "SIGINT");
    await new Promise<void>((resolve) => child.on("close", () => resolve()));
    requests = server.stats().requests;
    expect(output).toContain("Stopping: finishing the tasks in flight");
    expect(output).not.toContain("Stopping now");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stop_reason: string; counts: { done: number } };
    expect(manifest.stop_reason).toBe("drained");
    expect(manifest.counts.done).toBe(2);
  }, 120_000);
});
