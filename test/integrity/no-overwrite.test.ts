import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { acquireRunLock, RUN_LOCK_FILE } from "../../src/run/run-lock.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const exampleTasks = fileURLToPath(new URL("../../examples/tasks.jsonl", import.meta.url));
const exampleSeeds = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));

function button(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", main, ...args, "--no-progress"].filter((arg) => arg !== "--no-progress" || ["simulate", "run", "demo"].includes(args[0]!)), {
    encoding: "utf8",
    env: { ...process.env, OPENAI_API_KEY: "" },
  });
}

function lineCount(file: string): number {
  return readFileSync(file, "utf8").split("\n").filter(Boolean).length;
}

describe("no command overwrites output or writes into its own input", () => {
  const dir = mkdtempSync(join(tmpdir(), "button-overwrite-"));
  const run = join(dir, "run");

  it("simulate writes a run; export --in X --out X and --out RUN/trajectories.jsonl are refused, input intact", () => {
    expect(button("simulate", "--tasks", exampleTasks, "--out", run, "--limit", "3").status).toBe(0);
    const trajectories = join(run, "trajectories.jsonl");
    const before = readFileSync(trajectories, "utf8");
    expect(before.length).toBeGreaterThan(0);
    const same = button("export", "--in", trajectories, "--format", "openai", "--out", trajectories);
    expect(same.status).not.toBe(0);
    expect(same.stderr).toMatch(/is also the input/);
    const inside = button("export", "--in", run, "--format", "openai", "--out", join(run, ".", "trajectories.jsonl"));
    expect(inside.status).not.toBe(0);
    expect(readFileSync(trajectories, "utf8")).toBe(before);
    expect(inside.stderr).not.toMatch(/\n\s+at /);
  });

  it("export refuses an existing --out unless --overwrite", () => {
    const out = join(dir, "openai.jsonl");
    writeFileSync(out, "keep me\n");
    const refused = button("export", "--in", run, "--format", "openai", "--out", out);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/already exists; pass --overwrite/);
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    const replaced = button("export", "--in", run, "--format", "openai", "--out", out, "--overwrite");
    expect(replaced.status).toBe(0);
    expect(lineCount(out)).toBeGreaterThan(0);
  });

  it("run --seeds --out RUN on an existing run refuses before touching tasks.jsonl", () => {
    const tasks = join(run, "tasks.jsonl");
    writeFileSync(tasks, readFileSync(exampleTasks));
    const before = readFileSync(tasks, "utf8");
    const refused = button("run", "--seeds", exampleSeeds, "--out", run, "--count", "2");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/already holds output/);
    expect(readFileSync(tasks, "utf8")).toBe(before);
  });

  it("construct --out over earlier output and demo --out over an existing run are refused", () => {
    const constructed = join(dir, "constructed");
    expect(button("construct", "--seeds", exampleSeeds, "--out", constructed, "--count", "2").status).toBe(0);
    const before = readFileSync(join(constructed, "tasks.jsonl"), "utf8");
    const again = button("construct", "--seeds", exampleSeeds, "--out", constructed, "--count", "1");
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already holds output/);
    expect(readFileSync(join(constructed, "tasks.jsonl"), "utf8")).toBe(before);
    const demo = button("demo", "--out", run);
    expect(demo.status).not.toBe(0);
    expect(demo.stderr).toMatch(/already holds output/);
    expect(existsSync(join(run, "trajectories.jsonl"))).toBe(true);
  });

  it("stats --html refuses to overwrite its input", () => {
    const trajectories = join(run, "trajectories.jsonl");
    const size = statSync(trajectories).size;
    const result = button("stats", run, "--html", trajectories);
    expect(result.status).not.toBe(0);
    expect(statSync(trajectories).size).toBe(size);
  });
});

describe("a run directory has one writer at a time", () => {
  it("refuses a second writer while the first holds the lock, naming its pid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-lock-"));
    const out = join(dir, "run");
    const lock = await acquireRunLock(out);
    try {
      // A second process on the same directory: refused, nothing written.
      const child = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const process_ = spawn(process.execPath, ["--import", "tsx", main, "simulate", "--tasks", exampleTasks, "--out", out, "--resume", "--no-progress"], {
          env: { ...process.env, OPENAI_API_KEY: "" },
        });
        let stderr = "";
        process_.stderr.on("data", (chunk) => (stderr += chunk));
        process_.on("close", (status) => resolve({ status, stderr }));
      });
      expect(child.status).not.toBe(0);
      expect(child.stderr).toContain(`in use by process ${process.pid}`);
      expect(existsSync(join(out, "trajectories.jsonl"))).toBe(false);
    } finally {
      await lock.release();
    }
    expect(existsSync(join(out, RUN_LOCK_FILE))).toBe(false);
  });

  it("takes over a stale lock whose process is gone, with a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "button-lock-"));
    const out = join(dir, "run");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, RUN_LOCK_FILE), JSON.stringify({ pid: Number(dead.stdout), hostname: hostname(), started_at: "2020-01-01T00:00:00Z" }));
    const run = button("simulate", "--tasks", exampleTasks, "--out", out, "--limit", "1", "--resume");
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/stale lock/);
    expect(existsSync(join(out, RUN_LOCK_FILE))).toBe(false);
  });

  it("two resumes at once write each task exactly once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "button-lock-race-"));
    const out = join(dir, "run");
    const start = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", main, "simulate", "--tasks", exampleTasks, "--out", out, "--resume", "--no-progress"], {
          env: { ...process.env, OPENAI_API_KEY: "" },
          stdio: "ignore",
        });
        child.on("close", resolve);
      });
    const statuses = await Promise.all([start(), start()]);
    expect(statuses.filter((status) => status === 0).length).toBeGreaterThanOrEqual(1);
    const ids = ["trajectories.jsonl", "rejected.jsonl"].flatMap((name) =>
      existsSync(join(out, name)) ? readFileSync(join(out, name), "utf8").split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { task_id: string }).task_id) : [],
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(lineCount(exampleTasks));
  });
});
