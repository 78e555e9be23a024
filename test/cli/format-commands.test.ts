import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CommandIO } from "../../src/cli/commands/command-io.js";
import { registerExportCommand } from "../../src/cli/commands/export.js";
import { registerStatsCommand } from "../../src/cli/commands/stats.js";
import { registerValidateCommand } from "../../src/cli/commands/validate.js";
import { fixturePath, sharedDatasets } from "../helpers/shared-datasets.js";

const fixture = fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl");

async function run(args: string[]) {
  const captured = { out: [] as string[], err: [] as string[], code: undefined as number | undefined };
  const io: CommandIO = { out: (text) => captured.out.push(text), err: (text) => captured.err.push(text), exit: (code) => (captured.code = code) };
  const program = new Command().exitOverride().configureOutput({ writeErr: (text) => captured.err.push(text) });
  registerValidateCommand(program, io);
  registerExportCommand(program, io);
  registerStatsCommand(program, io);
  await program.parseAsync(args, { from: "user" });
  return { ...captured, out: captured.out.join("\n"), err: captured.err.join("\n") };
}

describe("button validate", () => {
  it("accepts a valid file with exit code 0", async () => {
    const result = await run(["validate", fixture]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("format openai");
    expect(result.out).toContain("3 records: 3 valid, 0 invalid");
  });

  it("prints each invalid record's line and reasons, a summary by kind, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-cli-"));
    const lines = readFileSync(fixture, "utf8").trim().split("\n");
    const broken = JSON.parse(lines[1]!) as { messages: unknown[] };
    broken.messages = broken.messages.slice(0, -1);
    const file = join(dir, "mixed.jsonl");
    writeFileSync(file, [lines[0], JSON.stringify(broken), lines[2]!.slice(0, 50)].join("\n") + "\n");
    const result = await run(["validate", file, "--format", "openai"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("line 2: invalid\n  - final-answer: no final answer: the conversation ends with a tool message");
    expect(result.out).toMatch(/line 3: invalid\n {2}- unreadable: not valid JSON/);
    expect(result.out).toContain("3 records: 1 valid, 2 invalid");
    expect(result.out).toMatch(/errors by kind \(records\):\n(\s+\S+\s+1\n?){2}/);
  });

  it("rejects an unknown --format with commander's message", async () => {
    await expect(run(["validate", fixture, "--format", "alpaca"])).rejects.toThrow(/Allowed choices are auto, tau-bench/);
  });
});

describe("button export", () => {
  it("writes BUTTON records that validate", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-cli-")), "button.jsonl");
    const result = await run(["export", "--in", fixture, "--format", "button", "--out", out]);
    expect(result.out).toBe(`wrote 3 button records to ${out}`);
    expect(result.code).toBe(0);
    const check = await run(["validate", out]);
    expect(check.out).toContain("format button");
    expect(check.code).toBe(0);
  });

  it("refuses a read-only format as output", async () => {
    await expect(run(["export", "--in", fixture, "--format", "xlam", "--out", "/tmp/never.jsonl"])).rejects.toThrow(/Allowed choices are button, hermes, sharegpt, openai/);
  });
});

describe("button stats", () => {
  it("prints statistics and writes the HTML report", async () => {
    const html = join(mkdtempSync(join(tmpdir(), "button-cli-")), "stats.html");
    const result = await run(["stats", fixture, "--html", html]);
    expect(result.out).toContain("trajectories: 3");
    expect(result.out).toMatch(/parallel turns per traj\.\s+min 0/);
    const page = readFileSync(html, "utf8");
    expect(page).toContain(`<h1>Report for ${fixture}</h1>`);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!) as { trajectories: Array<{ functions: string[] }> };
    expect(data.trajectories).toHaveLength(3);
    expect(result.err).toContain("(3 trajectories)");
  });

  it("counts each record's tokens with a real tokenizer", async () => {
    const result = await run(["stats", fixture, "--token-lengths"]);
    expect(result.out).toMatch(/tokens per record \(o200k_base\): min \d+ {2}median [\d.]+ {2}mean [\d.]+ {2}max \d+ {2}n 3/);
  });
});

const datasets = sharedDatasets(import.meta.url);
describe.skipIf(!datasets.exists)("commands on real data", () => {
  it("validate names τ-bench's and glaive's known faults (exit 1); export turns τ-bench into BUTTON records with the same verdicts", async () => {
    // The faults are real (docs/checks-and-judges.md): a τ-bench tool that ignores the cabin, an invented payment id, dates guessed for "tomorrow".
    const tau = join(datasets.dir, "tau-bench", "gpt-4o-airline_first30.jsonl");
    const tauReport = await run(["validate", tau]);
    expect(tauReport.code).toBe(1);
    expect(tauReport.out).toContain("30 records: 23 valid, 7 invalid");
    const glaive = await run(["validate", join(datasets.dir, "glaive-v2", "glaive_toolcall_en_demo_sharegpt_first200.jsonl"), "--format", "sharegpt"]);
    expect(glaive.out).toContain("200 records: 198 valid, 2 invalid");
    const out = join(mkdtempSync(join(tmpdir(), "button-cli-")), "tau-button.jsonl");
    expect((await run(["export", "--in", tau, "--format", "button", "--out", out])).out).toContain("wrote 30 button records");
    const check = await run(["validate", out, "--format", "button"]);
    expect(check.out).toContain("30 records: 23 valid, 7 invalid");
  });

  it("validate --templates renders every record through each template found in the files and folders given", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-cli-")), "fixture-button.jsonl");
    await run(["export", "--in", fixture, "--format", "button", "--out", out]);
    const tiny = fixturePath(import.meta.url, "formats", "tiny-tool-template.jinja");
    const result = await run(["validate", out, "--json", "--templates", tiny, join(datasets.dir, "chat-templates")]);
    const report = JSON.parse(result.out) as { total: number; templates: Array<{ name: string; rendered: number; failed: number }> };
    expect(report.templates).toHaveLength(37);
    const byName = new Map(report.templates.map((template) => [template.name, template]));
    for (const name of ["tiny-tool-template", "qwen2.5", "qwen3", "llama3.1-json", "hermes", "mistral-parallel", "axolotl/llama4", "vllm/tool_chat_template_llama3.2_json"]) {
      expect(byName.get(name), name).toMatchObject({ rendered: 3, failed: 0 });
    }
    const text = await run(["validate", out, "--templates", tiny]);
    expect(text.out).toContain("chat templates: 1 of 1 render every readable record");
    expect(text.code).toBe(0);
    await expect(run(["validate", out, "--templates", "/nonexistent"])).rejects.toThrow(/cannot read chat templates at \/nonexistent/);
  });

  it("validate rejects the xLAM sample with exit 1 and names the missing parts", async () => {
    const result = await run(["validate", join(datasets.dir, "xlam-60k", "xlam_reconstructed_first100.jsonl")]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("line 1: invalid\n  - call-result-pairing: call 'markets' (call call00001) has no tool result\n  - final-answer: no final answer: the conversation ends with a tool call");
  });
});
