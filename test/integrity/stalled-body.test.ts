import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { resolveModel } from "../../src/models/resolve-model.js";
import { withRetries } from "../../src/run/model-retry.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const exampleTasks = fileURLToPath(new URL("../../examples/tasks.jsonl", import.meta.url));

let server: Server | undefined;
const open: ServerResponse[] = [];
afterEach(async () => {
  for (const response of open.splice(0)) response.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Sends 200 and JSON headers at once, then one space every 100 ms, and never ends the body. */
async function tricklingServer(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((request, response) => {
    requests++;
    request.resume();
    response.writeHead(200, { "content-type": "application/json" });
    response.write("{");
    open.push(response);
    const timer = setInterval(() => response.write(" "), 100);
    response.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, requests: () => requests };
}

describe("a response body is under the same deadline as its headers", () => {
  it("times out a trickling body and retries it within the attempt limit", async () => {
    const { url, requests } = await tricklingServer();
    const model = resolveModel("openai:m", { baseUrl: url, apiKey: "k", timeoutMs: 300, clientRetries: 0 });
    const error = await withRetries(() => model.invoke("hi"), { maxAttempts: 2, baseDelayMs: 1 }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/timed out/i);
    expect(requests()).toBe(2);
  }, 20_000);

  it("SIGTERM stops a run whose request is stalled, and the manifest says stopped", async () => {
    const { url, requests } = await tricklingServer();
    const out = join(mkdtempSync(join(tmpdir(), "button-sigterm-")), "run");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", main, "simulate", "--tasks", exampleTasks, "--out", out, "--model", "m", "--base-url", url, "--timeout-ms", "600000", "--no-progress"],
      { env: { ...process.env, OPENAI_API_KEY: "test-key" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    while (requests() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(output).toMatch(/Terminating/);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { status: string };
    expect(manifest.status).toBe("stopped");
    expect(code).toBe(0);
  }, 60_000);
});
