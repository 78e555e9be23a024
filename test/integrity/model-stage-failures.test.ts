import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const exampleSeeds = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));

let server: Server;
let url: string;
let closedPortUrl: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(401, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message: "Incorrect API key provided: sk-live-abcdefghijklmnop", type: "invalid_request_error", code: "invalid_api_key" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/v1`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function button(...args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", main, ...args], { env: { ...process.env, OPENAI_API_KEY: "sk-live-abcdefghijklmnop" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("a stage that calls a model fails loudly when nothing could be produced", () => {
  it("construct against a 401 endpoint exits 1 naming the authentication failure, leaves no files, shows no key", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-401-")), "out");
    const result = await button("construct", "--seeds", exampleSeeds, "--out", out, "--count", "2", "--model", "m", "--base-url", url);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/authentication failed \(HTTP 401\)/);
    expect(result.stderr + result.stdout).not.toContain("sk-live-abcdefghijklmnop");
    expect(existsSync(join(out, "tasks.jsonl"))).toBe(false);
  }, 60_000);

  it("construct against a closed port exits 1 with connection refused", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "button-refused-")), "out");
    const result = await button("construct", "--seeds", exampleSeeds, "--out", out, "--count", "2", "--model", "m", "--base-url", closedPortUrl);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/connection refused/);
  }, 60_000);
});
