import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buttonProgram } from "../../src/cli/program.js";
import { writeOpenAI } from "../../src/formats/openai-format.js";
import { taskSchema } from "../../src/schema/task.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { renderCheck } from "../../src/verify/render-check.js";
import { loadChatTemplates, renderCheckRecord } from "../../src/verify/chat-template-profiles.js";
import { validateFile } from "../../src/verify/validate-file.js";
import { exampleTasks } from "../helpers/fixtures.js";
import { fixturePath, sharedDatasets } from "../helpers/shared-datasets.js";

const jsonl = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

async function cli(...args: string[]): Promise<string> {
  const output: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  try {
    await buttonProgram().exitOverride().parseAsync(args, { from: "user" });
  } finally {
    write.mockRestore();
  }
  return output.join("");
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "button-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("button demo", () => {
  let out: string;
  let printed: string;
  beforeAll(async () => {
    out = join(dir, "demo");
    printed = await cli("demo", "--out", out, "--no-progress");
  });

  it("writes one accepted trajectory per example task", () => {
    const accepted = jsonl<TrajectoryRecord>(join(out, "trajectories.jsonl"));
    expect(accepted.map((record) => record.task_id).sort()).toEqual(exampleTasks().map((task) => task.id).sort());
    expect(printed).toContain(`tasks: ${exampleTasks().length} done, ${exampleTasks().length} accepted, 0 rejected`);
    for (const record of accepted) expect(record.verdicts.length).toBeGreaterThan(0);
  });

  it("writes BUTTON and OpenAI exports that pass validation", async () => {
    for (const format of ["button", "openai"] as const) {
      const report = await validateFile(join(out, `${format}.jsonl`), { format });
      expect(report.total).toBe(exampleTasks().length);
      expect(report.invalid).toEqual([]);
    }
    expect(printed).toContain("button: wrote 22 records");
  });

  it("keeps BUTTON's role order: system, user, (assistant, tool)*, assistant with <final>", () => {
    for (const record of jsonl<{ messages: Array<{ role: string; content: string }> }>(join(out, "button.jsonl"))) {
      const roles = record.messages.map((message) => message.role).join(",");
      expect(roles).toMatch(/^system,user,(assistant,tool,)*assistant$/);
      const last = record.messages.at(-1)!.content;
      expect(last).toMatch(/<final>[\s\S]+<\/final>$/);
      for (const message of record.messages.filter((entry) => entry.role === "assistant").slice(0, -1)) {
        expect(message.content).toMatch(/<call>\[.*\]<\/call>$/s);
      }
    }
  });

  it("renders every OpenAI export through a tool-capable chat template with each call's name and arguments", async () => {
    const template = await readFile(fixturePath(import.meta.url, "formats", "tiny-tool-template.jinja"), "utf8");
    for (const record of jsonl<TrajectoryRecord>(join(out, "trajectories.jsonl"))) {
      const result = renderCheck(template, writeOpenAI(record) as never);
      expect(result.problems).toEqual([]);
    }
  });

  const shared = sharedDatasets(import.meta.url);
  it.runIf(shared.exists)("renders every OpenAI export through Qwen2.5, Qwen3, Llama 3.1 JSON, Hermes and Mistral (parallel)", async () => {
    const templates = await loadChatTemplates(join(shared.dir, "chat-templates"));
    expect(templates.map((template) => template.profile.name).sort()).toEqual(
      expect.arrayContaining(["hermes", "llama3.1-json", "mistral-parallel", "qwen2.5", "qwen3"]),
    );
    for (const record of jsonl<TrajectoryRecord>(join(out, "trajectories.jsonl"))) {
      const results = renderCheckRecord(record, templates);
      expect(results).toHaveLength(templates.length);
      for (const result of results) expect(result.problems, `${record.task_id} through ${result.profile}`).toEqual([]);
    }
  });

  it("builds tasks from the bundled seed conversations and plays them out, and writes an HTML report", async () => {
    const fromSeeds = join(out, "from-seeds");
    const tasks = jsonl<unknown>(join(fromSeeds, "tasks.jsonl"));
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    for (const task of tasks) taskSchema.parse(task);
    const accepted = jsonl<TrajectoryRecord>(join(fromSeeds, "trajectories.jsonl"));
    expect(accepted).toHaveLength(tasks.length);
    expect(JSON.parse(readFileSync(join(fromSeeds, "construction.json"), "utf8")).stats.seedsRead).toBe(10);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<h1>button demo</h1>");
    expect(html).toContain(String(exampleTasks().length));
  });

  it("refuses an earlier demo in the same directory, and replaces it with --overwrite", async () => {
    await expect(cli("demo", "--out", out, "--no-progress")).rejects.toThrow(/already holds output/);
    await cli("demo", "--out", out, "--no-progress", "--overwrite");
    expect(jsonl(join(out, "trajectories.jsonl"))).toHaveLength(exampleTasks().length);
  });
});

describe("button run", () => {
  it("constructs tasks from seeds, then simulates them into one run directory", async () => {
    const out = join(dir, "run");
    const printed = await cli("run", "--seeds", fixturePath(import.meta.url, "seeds"), "--out", out, "--count", "6", "--no-progress", "--seed", "3");
    const tasks = jsonl<unknown>(join(out, "tasks.jsonl"));
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) taskSchema.parse(task);
    const accepted = jsonl<TrajectoryRecord>(join(out, "trajectories.jsonl"));
    const files = await readdir(out);
    const rejected = files.includes("rejected.jsonl") ? jsonl<TrajectoryRecord>(join(out, "rejected.jsonl")) : [];
    expect(accepted.length + rejected.length).toBe(tasks.length);
    expect(accepted.length).toBeGreaterThan(0);
    expect(printed).toContain("tasks written:");
    expect(printed).toContain("Run completed");

    // A resume reuses the constructed tasks and has nothing left to do.
    const again = await cli("run", "--seeds", fixturePath(import.meta.url, "seeds"), "--out", out, "--count", "6", "--no-progress", "--seed", "3", "--resume");
    expect(again).toContain("reusing");
    expect(jsonl(join(out, "tasks.jsonl"))).toHaveLength(tasks.length);
  });
});
