import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "button-langsmith-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TracedRun {
  name?: string;
  run_type?: string;
  tags?: string[];
  extra?: { metadata?: Record<string, unknown> };
}

/**
 * Run `button simulate` on one task with a stand-in LangSmith endpoint on 127.0.0.1 (it
 * answers every request with `{}`) and return what the endpoint received.
 */
async function simulateWithTracing(tracing: string | undefined, out: string): Promise<{ code: number | null; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const env: NodeJS.ProcessEnv = { ...process.env, LANGSMITH_ENDPOINT: `http://127.0.0.1:${port}`, LANGSMITH_API_KEY: "test-key" };
  delete env.LANGSMITH_TRACING;
  delete env.LANGCHAIN_TRACING_V2;
  delete env.LANGCHAIN_TRACING;
  if (tracing !== undefined) env.LANGSMITH_TRACING = tracing;
  const args = ["--import", "tsx", "src/cli/main.ts", "simulate", "--tasks", "examples/tasks.jsonl", "--out", out, "--limit", "1", "--no-progress"];
  const child = spawn(process.execPath, [...args, "--tag", "team:search", "--metadata", "experiment=e1"], { cwd: repository, env, stdio: "ignore" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { code, received };
}

/**
 * The runs in LangSmith's multipart uploads: part `post.<id>` holds a run, parts
 * `post.<id>.<field>` (extra, inputs, …) hold its large fields.
 */
function tracedRuns(received: Received[]): TracedRun[] {
  const runs = new Map<string, Record<string, unknown>>();
  for (const request of received.filter((entry) => entry.url.startsWith("/runs"))) {
    const boundary = /boundary=(.+)$/.exec(String(request.headers["content-type"]))?.[1];
    if (!boundary) continue;
    for (const part of request.body.split(`--${boundary}`)) {
      const name = /name="(post|patch)\.([^".]+)(?:\.(\w+))?"/.exec(part);
      const start = part.indexOf("\r\n\r\n");
      if (!name || start < 0 || !part.includes("application/json")) continue;
      const value = JSON.parse(part.slice(start + 4).trim()) as Record<string, unknown>;
      const run = runs.get(name[2]!) ?? {};
      runs.set(name[2]!, name[3] ? { ...run, [name[3]]: value } : { ...run, ...value });
    }
  }
  return [...runs.values()] as TracedRun[];
}

describe("LangSmith tracing from the CLI", () => {
  it("stays off unless LANGSMITH_TRACING is set", async () => {
    const { code, received } = await simulateWithTracing(undefined, join(dir, "off"));
    expect(code).toBe(0);
    expect(received).toEqual([]);
  });

  it("sends every model call, tagged with task id and role plus --tag and --metadata, when it is on", async () => {
    const { code, received } = await simulateWithTracing("true", join(dir, "on"));
    expect(code).toBe(0);
    const runs = tracedRuns(received);
    expect(runs.some((run) => run.name === "button-trajectory")).toBe(true);
    const modelRuns = runs.filter((run) => run.run_type === "llm");
    expect(modelRuns.length).toBeGreaterThan(0);
    const roles = new Set(modelRuns.map((run) => run.extra?.metadata?.role));
    expect(roles).toEqual(new Set(["user", "assistant", "tool"]));
    for (const run of modelRuns) {
      expect(run.tags).toEqual(expect.arrayContaining(["team:search", "button:task:ex-01-book-birthday", `button:role:${String(run.extra?.metadata?.role)}`]));
      expect(run.extra?.metadata).toMatchObject({ experiment: "e1", task_id: "ex-01-book-birthday", stage: "simulate" });
      expect(run.extra?.metadata?.run_id).toEqual(expect.any(String));
    }
  });
});
