import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConstructionManifest } from "../../src/run/run-construction.js";
import { startSimServer, type SimServer } from "../../src/run/sim-server.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const seeds = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));
// Node itself with the tsx loader (not the tsx CLI, which forks a grandchild that SIGKILL would orphan).
const tsxLoader = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

let dir: string;
let faulty: SimServer;
let clean: SimServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "button-construct-resume-"));
  faulty = await startSimServer({
    port: 0,
    seed: 5,
    failRate: 0.25,
    faults: { "rate-limit": 2, "server-error": 2, malformed: 1, timeout: 1 },
    retryAfterSeconds: 0.05,
  });
  clean = await startSimServer({ port: 0, seed: 5 });
});

afterAll(async () => {
  await Promise.all([faulty?.close(), clean?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function journalLines(outDir: string): number {
  const path = join(outDir, "construction-journal.jsonl");
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0;
}

/** `button construct` in a child process; with `killAfter`, SIGKILL it once that many answers are journalled. */
function construct(outDir: string, url: string, options: { resume?: boolean; killAfter?: number } = {}): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const args = ["--import", tsxLoader, main, "construct", "--seeds", seeds, "--out", outDir, "--count", "8", "--seed", "3", "--concurrency", "3"];
  // The timeout only has to end stalls; 4 s leaves a loaded machine room for real answers.
  args.push("--model", "openai:sim", "--base-url", url, "--timeout-ms", "4000", "--max-attempts", "8");
  if (options.resume) args.push("--resume");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, OPENAI_API_KEY: "test-key" } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.resume();
    let poll: NodeJS.Timeout | undefined;
    if (options.killAfter !== undefined) {
      poll = setInterval(() => {
        if (journalLines(outDir) >= options.killAfter!) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 10);
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

describe("construction through sim-server with faults, killed and resumed", () => {
  it("writes the same tasks.jsonl bytes as a fault-free run with the same seed", async () => {
    const reference = join(dir, "reference");
    const referenceRun = await construct(reference, clean.url);
    expect(referenceRun.code, referenceRun.stderr).toBe(0);
    const expected = readFileSync(join(reference, "tasks.jsonl"), "utf8");
    expect(expected.split("\n").length - 1).toBeGreaterThan(3);
    const answers = journalLines(reference);

    const interrupted = join(dir, "interrupted");
    const killed = await construct(interrupted, faulty.url, { killAfter: Math.floor(answers / 2) });
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(join(interrupted, "tasks.jsonl"))).toBe(false);
    const kept = journalLines(interrupted);
    expect(kept).toBeGreaterThan(0);

    // Without --resume the interrupted directory is refused, not overwritten.
    const refused = await construct(interrupted, faulty.url);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds output.*--resume/);

    const resumed = await construct(interrupted, faulty.url, { resume: true });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(interrupted, "tasks.jsonl"), "utf8")).toBe(expected);
    const manifest = JSON.parse(readFileSync(join(interrupted, "construction.json"), "utf8")) as ConstructionManifest;
    expect(manifest.status).toBe("complete");
    const session = manifest.sessions.at(-1)!;
    // The answers received before the kill were replayed, not asked for again.
    expect(session.replayed).toBeGreaterThanOrEqual(kept - 1);
    expect(session.replayed + session.recorded).toBe(answers);
    // The faulty endpoint made the transport retry (429 with Retry-After, 500, stalls, torn bodies).
    expect(Object.values(manifest.retries).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(Object.values(faulty.stats().faults).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });
});
