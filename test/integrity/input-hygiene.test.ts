import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buttonProgram } from "../../src/cli/program.js";
import { terminalSafe } from "../../src/cli/terminal-text.js";
import { readJsonRecords } from "../../src/formats/seeds/json-records.js";
import { resolveModel, resolveRoleModels } from "../../src/models/resolve-model.js";
import { classifyTransportError } from "../../src/run/model-retry.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { validateFile } from "../../src/verify/validate-file.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const exampleLines = readFileSync(new URL("../../examples/tasks.jsonl", import.meta.url), "utf8").trim().split("\n");
const openAIFixture = readFileSync(new URL("../fixtures/formats/openai-trajectories.jsonl", import.meta.url), "utf8").trim().split("\n");
const sim = resolveRoleModels({ model: "sim" });
const servers: Server[] = [];
afterAll(async () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));

const temp = () => mkdtempSync(join(tmpdir(), "button-hygiene-"));
const task = (index: number) => JSON.parse(exampleLines[index]!) as Record<string, any>;
const lines = (file: string): TrajectoryRecord[] => {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as TrajectoryRecord);
  } catch {
    return [];
  }
};

function button(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", main, ...args], { encoding: "utf8", env: { ...process.env, OPENAI_API_KEY: "" } });
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe("input is checked before any token is spent", () => {
  it("rejects a depends_on cycle, an invalid JSON Schema type and a bad function name as invalid input, with no tokens", async () => {
    const dir = temp();
    const cycle = task(0);
    cycle.id = "cycle";
    cycle.subtasks[0].depends_on = ["s2"];
    const strang = task(0);
    strang.id = "strang";
    strang.functions[0].parameters.title.type = "strang";
    const badName = task(0);
    badName.id = "bad-name";
    badName.functions[0].name = "get book author";
    badName.subtasks[0].functions = ["get book author"];
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, [cycle, strang, badName].map((value) => JSON.stringify(value)).join("\n") + "\n");
    const summary = await runSimulation({ tasks, outDir: join(dir, "run"), simulation: { models: sim } });
    const rejected = lines(join(dir, "run", "rejected.jsonl"));
    expect(rejected.map((record) => [record.task_id, record.reason])).toEqual([
      ["cycle", "invalid-input"],
      ["strang", "invalid-input"],
      ["bad-name", "invalid-input"],
    ]);
    const errors = rejected.map((record) => String((record.meta as { error: string }).error));
    expect(errors[0]).toMatch(/cycle: s1 → s2 → s1|cycle: s2 → s1 → s2/);
    expect(errors[1]).toMatch(/type 'strang' is not a JSON Schema type/);
    expect(errors[2]).toMatch(/function name 'get book author' is not allowed/);
    expect(summary.usage.total.prompt_tokens).toBe(0);
  });

  it("strips a byte-order mark from task, record and seed files", async () => {
    const dir = temp();
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, `\ufeff${exampleLines[0]}\n`);
    const summary = await runSimulation({ tasks, outDir: join(dir, "run"), simulation: { models: sim } });
    expect(summary.counts.invalid).toBe(0);
    const records = join(dir, "records.jsonl");
    writeFileSync(records, `\ufeff${openAIFixture[0]}\n`);
    const report = await validateFile(records);
    expect(report.invalid).toEqual([]);
    const seeds = join(dir, "seeds.jsonl");
    writeFileSync(seeds, `\ufeff{"messages":[{"role":"user","content":"hi"}]}\n`);
    const read = [];
    for await (const entry of readJsonRecords(seeds)) read.push(entry);
    expect(read).toEqual([{ line: 1, value: { messages: [{ role: "user", content: "hi" }] } }]);
  });

  it("reports non-UTF-8 bytes with the file and line instead of reading U+FFFD", async () => {
    const dir = temp();
    const tasks = join(dir, "tasks.jsonl");
    const latin1 = Buffer.from(exampleLines[1]!.replace("Lisbon", "Lisb\u00f3n"), "latin1");
    writeFileSync(tasks, Buffer.concat([Buffer.from(`${exampleLines[0]}\n`), latin1, Buffer.from("\n")]));
    await runSimulation({ tasks, outDir: join(dir, "run"), simulation: { models: sim } });
    const rejected = lines(join(dir, "run", "rejected.jsonl"));
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.meta as { error: string; line: number }).error).toMatch(/tasks\.jsonl:line 2: the line is not valid UTF-8/);
    const records = join(dir, "records.jsonl");
    writeFileSync(records, Buffer.concat([Buffer.from(`${openAIFixture[0]}\n`), Buffer.from(openAIFixture[1]!.replace('"content":"', '"content":"caf\u00e9 '), "latin1"), Buffer.from("\n")]));
    const report = await validateFile(records);
    expect(report.invalid.map((entry) => [entry.line, entry.reasons[0]!.detail])).toEqual([[2, expect.stringMatching(/not valid UTF-8/)]]);
  });

  it("warns about a torn line in the middle of a run file when resuming, naming the line", async () => {
    const dir = temp();
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, exampleLines.slice(0, 3).join("\n") + "\n");
    const out = join(dir, "run");
    await runSimulation({ tasks, outDir: out, simulation: { models: sim } });
    const file = join(out, "trajectories.jsonl");
    const content = readFileSync(file, "utf8").split("\n");
    content[1] = content[1]!.slice(0, 60);
    writeFileSync(file, content.join("\n"));
    const resumed = await runSimulation({ tasks, outDir: out, simulation: { models: sim }, resume: true });
    expect(resumed.warnings.join("\n")).toMatch(/trajectories\.jsonl:2: a torn or corrupt line/);
  });

  it("refuses to resume with a different task file, and allows appended tasks", async () => {
    const dir = temp();
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, `${exampleLines[0]}\n`);
    const out = join(dir, "run");
    await runSimulation({ tasks, outDir: out, simulation: { models: sim } });
    appendFileSync(tasks, `${exampleLines[1]}\n`);
    const appended = await runSimulation({ tasks, outDir: out, simulation: { models: sim }, resume: true });
    expect(appended.counts.done).toBe(2);
    const other = join(dir, "other.jsonl");
    writeFileSync(other, `${exampleLines[2]}\n`);
    await expect(runSimulation({ tasks: other, outDir: out, simulation: { models: sim }, resume: true })).rejects.toThrow(/not the task file this run was started with/);
  });
});

describe("validate checks what an OpenAI-compatible consumer needs", () => {
  it("rejects a call whose type is not function, a tool message without content, a bad function name; warns on an empty result", async () => {
    const dir = temp();
    const base = () => JSON.parse(openAIFixture[0]!) as { tools: Array<{ function: { name: string } }>; messages: Array<Record<string, any>> };
    const wrongType = base();
    wrongType.messages.find((message) => message.tool_calls)!.tool_calls[0].type = "custom";
    const noContent = base();
    delete noContent.messages.find((message) => message.role === "tool")!.content;
    const emptyContent = base();
    emptyContent.messages.find((message) => message.role === "tool")!.content = "";
    const badName = base();
    badName.tools[0]!.function.name = "get weather!";
    const file = join(dir, "records.jsonl");
    writeFileSync(file, [wrongType, noContent, emptyContent, badName].map((record) => JSON.stringify(record)).join("\n") + "\n");
    const report = await validateFile(file);
    const byLine = Object.fromEntries(report.invalid.map((entry) => [entry.line, entry.reasons.map((reason) => reason.detail).join("; ")]));
    expect(byLine[1]).toMatch(/'type' must be "function", got "custom"/);
    expect(byLine[2]).toMatch(/a tool message needs 'content'/);
    // An empty result is not a structural fault (τ-bench's think tool returns ""): only a warning here.
    // The semantic checks may still reject the record when its final answer cites what the empty result never gave.
    expect(byLine[3] ?? "").not.toMatch(/tool message|needs 'content'/);
    expect(report.warningsByKind["empty-tool-result"]).toBe(1);
    expect(byLine[4]).toMatch(/is named 'get weather!'; a function name is 1-64 letters/);
  });
});

describe("secrets and terminal safety", () => {
  it("redacts an API key that a server echoes in its error body from rejected.jsonl and the manifest", async () => {
    const key = "sk-test-ECHOED0123456789abcdef";
    const url = await serve((request, response) => {
      request.resume();
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `upstream rejected Authorization: Bearer ${key} (key ${key})` } }));
    });
    const dir = temp();
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, `${exampleLines[0]}\n`);
    const models = resolveRoleModels({ model: "m", baseUrl: url, apiKey: key, clientRetries: 0 });
    const summary = await runSimulation({ tasks, outDir: join(dir, "run"), simulation: { models }, retry: { maxAttempts: 1 } });
    expect(summary.counts.failed).toBe(1);
    const rejected = readFileSync(join(dir, "run", "rejected.jsonl"), "utf8");
    const manifest = readFileSync(join(dir, "run", "manifest.json"), "utf8");
    expect(rejected).toContain("upstream rejected");
    expect(rejected).not.toContain(key);
    expect(manifest).not.toContain(key);
    expect(rejected).toContain("[REDACTED]");
  });

  it("strips terminal escape sequences from text echoed to the terminal", () => {
    expect(terminalSafe("name \u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m\r end")).toBe("name red? end");
    const dir = temp();
    const file = join(dir, "records.jsonl");
    const record = JSON.parse(openAIFixture[0]!) as { messages: Array<{ tool_calls?: Array<{ function: { name: string } }> }> };
    const call = record.messages.flatMap((message) => message.tool_calls ?? [])[0]!;
    call.function.name = "evil\u001b[2J\u001b]0;title\u0007";
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const result = button("validate", file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("evil");
    expect(result.stdout).not.toContain("\u001b");
  });
});

describe("flags and endpoints that are wrong say so", () => {
  it("refuses a misspelled --role-model role, listing the valid roles", async () => {
    const dir = temp();
    const program = buttonProgram().exitOverride();
    await expect(
      program.parseAsync(["simulate", "--tasks", join(dir, "none.jsonl"), "--out", join(dir, "run"), "--role-model", "asistant=sim", "--no-progress"], { from: "user" }),
    ).rejects.toThrow(/role 'asistant'.*valid roles: user, assistant, tool/);
  });

  it("classifies an HTML page with status 200 as a retryable transport error with a clear message", async () => {
    const url = await serve((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<!doctype html><html><body>Please log in</body></html>");
    });
    const model = resolveModel("m", { baseUrl: url, apiKey: "k", clientRetries: 0 });
    const error = await model.invoke("hi").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(classifyTransportError(error).retryable).toBe(true);
    const chain: string[] = [];
    for (let link = error as { message?: string; cause?: unknown } | undefined; link; link = link.cause as typeof link) chain.push(String(link.message));
    expect(chain.join(" | ")).toMatch(/HTTP 200 with text\/html that is not JSON.*check --base-url/);
  });

  it("refuses a base URL with user:password@ with a clear message", () => {
    expect(() => resolveModel("m", { baseUrl: "http://alice:secret@127.0.0.1:9/v1", apiKey: "k" })).toThrow(/must not contain user:password@/);
  });

  it("prints one line, no stack, for a missing path, --out under a file, a port in use and a huge --concurrency", async () => {
    const dir = temp();
    const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);
    const stats = button("stats", join(dir, "nonexistent"));
    expect(stats.status).not.toBe(0);
    expect(stats.stderr.trim().split("\n")).toHaveLength(1);
    expect(stats.stderr).toMatch(/no such file or directory/);
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const underFile = button("export", "--in", new URL("../fixtures/formats/openai-trajectories.jsonl", import.meta.url).pathname, "--format", "openai", "--out", join(file, "out.jsonl"));
    expect(underFile.status).not.toBe(0);
    expect(underFile.stderr).toMatch(/is a file, not a folder/);
    noStack(underFile.stderr);
    const simOut = button("simulate", "--tasks", new URL("../../examples/tasks.jsonl", import.meta.url).pathname, "--out", file, "--no-progress");
    expect(simOut.stderr).toMatch(/is a file; a run directory is needed/);
    const busy = await serve((_request, response) => response.end());
    const port = new URL(busy).port;
    const server = button("sim-server", "--port", port);
    expect(server.status).not.toBe(0);
    expect(server.stderr.trim().split("\n")).toHaveLength(1);
    expect(server.stderr).toMatch(/port is already in use/);
    const huge = button("simulate", "--tasks", "x", "--out", join(dir, "y"), "--concurrency", "1e9");
    expect(huge.status).not.toBe(0);
    expect(huge.stderr).toMatch(/expected at most 10000/);
    await expect(runSimulation({ tasks: new URL("../../examples/tasks.jsonl", import.meta.url).pathname, outDir: join(dir, "z"), simulation: { models: sim }, concurrency: 1e9 })).rejects.toThrow(/more than 10000/);
  });

  it.skipIf(process.getuid?.() === 0)("says a read-only --out folder is not writable, in one line", () => {
    const dir = temp();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const result = button("export", "--in", new URL("../fixtures/formats/openai-trajectories.jsonl", import.meta.url).pathname, "--format", "openai", "--out", join(locked, "x.jsonl"));
    expect(result.stderr).toMatch(/not writable/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("redaction leaves ordinary text alone", () => {
  it("redacts credential shapes but not prose or placeholder keys", async () => {
    const { redactSecrets } = await import("../../src/util/secret-redaction.js");
    expect(redactSecrets("Authorization: Bearer abcDEF1234567890xyz and sk-proj-AbC123def456GHI789")).toBe("Authorization: Bearer [REDACTED] and [REDACTED]");
    expect(redactSecrets("Bearer instruments pay; sk-learn is a library; see http://alice:pw1@host/x")).toBe(
      "Bearer instruments pay; sk-learn is a library; see http://[REDACTED]@host/x",
    );
  });
});
