import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { registerSimulateCommand } from "../../src/cli/commands/simulate.js";
import { registerSimServerCommand } from "../../src/cli/commands/sim-server.js";
import type { RunManifest } from "../../src/run/run-manifest.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-cli-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function program(): Command {
  const root = new Command("button").exitOverride();
  registerSimulateCommand(root);
  registerSimServerCommand(root);
  return root;
}

describe("button simulate", () => {
  it("runs the simulator over a task file, prints the summary and honours --target and --prices", async () => {
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, tasksJsonl(generateTasks(12)));
    const prices = join(dir, "prices.json");
    writeFileSync(prices, JSON.stringify({ prices: { "sim:3": { prompt: 1, completion: 4 } } }));
    const printed: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const out = join(dir, "run");
    await program().parseAsync(
      ["simulate", "--tasks", tasks, "--out", out, "--seed", "3", "--concurrency", "3", "--target", "5", "--prices", prices, "--no-progress"],
      { from: "user" },
    );
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as RunManifest;
    expect(manifest.counts.accepted).toBe(5);
    expect(manifest.stop_reason).toBe("target-reached");
    expect(manifest.config).toMatchObject({ models: { user: "sim:3", assistant: "sim:3", tool: "sim:3" }, seed: 3, parallel: true });
    expect(manifest.usage.cost).toBeGreaterThan(0);
    const summary = printed.join("");
    expect(summary).toContain("Run completed (target-reached)");
    expect(summary).toContain("per accepted trajectory");
  });

  it("refuses --force without --resume and a bad --parallel value", async () => {
    await expect(program().parseAsync(["simulate", "--tasks", "x", "--out", dir, "--force"], { from: "user" })).rejects.toThrow(/--force only applies with --resume/);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(program().parseAsync(["simulate", "--tasks", "x", "--out", dir, "--parallel", "maybe"], { from: "user" })).rejects.toThrow(/'on' or 'off'/);
  });
});
