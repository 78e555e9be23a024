import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerConstructCommand } from "../../src/cli/commands/construct.js";
import { taskSchema } from "../../src/schema/task.js";

const fixtures = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));

function program(log: string[]) {
  const root = new Command("button").exitOverride().configureOutput({ writeErr: () => undefined });
  registerConstructCommand(root, { log: (line) => log.push(line) });
  return root;
}

describe("button construct", () => {
  it("writes tasks.jsonl and rejected_tasks.jsonl with the offline simulator and prints the counts", async () => {
    const out = mkdtempSync(join(tmpdir(), "button-cli-"));
    const log: string[] = [];
    await program(log).parseAsync(["construct", "--seeds", fixtures, "--out", out, "--count", "6", "--seed", "3", "--concurrency", "2"], { from: "user" });
    const tasks = readFileSync(join(out, "tasks.jsonl"), "utf8").trim().split("\n").map((line) => taskSchema.parse(JSON.parse(line)));
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((task) => task.meta.generator === "sim:3")).toBe(true);
    expect(log).toContain("seeds read: 10");
    expect(log).toContain("malformed lines skipped: 7");
    expect(log).toContain(`tasks written: ${tasks.length}`);
    expect(log).toContain(`wrote ${join(out, "rejected_tasks.jsonl")}`);
    expect(log.at(-1)).toBe(`wrote ${join(out, "construction.json")}`);
    // Tokens are accounted by stage, and the printed total matches the manifest.
    const manifest = JSON.parse(readFileSync(join(out, "construction.json"), "utf8"));
    expect(Object.keys(manifest.usage.by_role).length).toBeGreaterThan(2);
    expect(log).toContain(`tokens: ${manifest.usage.total.prompt_tokens} prompt + ${manifest.usage.total.completion_tokens} completion`);
    const stageSum = Object.values(manifest.usage.by_role as Record<string, { prompt_tokens: number }>).reduce((sum, entry) => sum + entry.prompt_tokens, 0);
    expect(stageSum).toBe(manifest.usage.total.prompt_tokens);
  });

  it("refuses a bad number with an error naming the flag", async () => {
    const out = mkdtempSync(join(tmpdir(), "button-cli-"));
    await expect(
      program([]).parseAsync(["construct", "--seeds", fixtures, "--out", out, "--count", "many"], { from: "user" }),
    ).rejects.toThrow(/option '--count <n>' argument 'many' is invalid. expected a whole number ≥ 1, got 'many'/);
    await expect(
      program([]).parseAsync(["construct", "--seeds", fixtures, "--out", out, "--strategy-mix", "zigzag=1"], { from: "user" }),
    ).rejects.toThrow(/unknown composition strategy 'zigzag'/);
  });
});
