import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repository = fileURLToPath(new URL("../..", import.meta.url));
const cruiser = join(repository, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

/** Run the layer check (the same command as `npm run check:layers`) in `folder`; exit code and report. */
async function checkLayers(folder: string): Promise<{ code: number; report: string }> {
  return run(process.execPath, [cruiser, "src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: folder, maxBuffer: 16 * 1024 * 1024 }).then(
    (result) => ({ code: 0, report: result.stdout + result.stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, report: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
  );
}

const planted: string[] = [];
afterAll(async () => {
  for (const folder of planted) await rm(folder, { recursive: true, force: true });
});

/** A copy of src/ and the check's configuration, with extra files planted in it. */
async function copyWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "button-layers-"));
  planted.push(folder);
  await cp(join(repository, "src"), join(folder, "src"), { recursive: true });
  for (const file of [".dependency-cruiser.cjs", "tsconfig.json"]) await cp(join(repository, file), join(folder, file));
  for (const [path, text] of Object.entries(files)) await writeFile(join(folder, path), text);
  return folder;
}

describe("the layering in ARCHITECTURE.md", () => {
  it("holds for src/: no cycle, no forbidden import", async () => {
    const result = await checkLayers(repository);
    expect(result.report).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  });

  it("fails on a planted upward import (schema importing the trajectory graph) and names the rule", async () => {
    const folder = await copyWith({ "src/schema/planted.ts": 'export { simulateTask } from "../graphs/trajectory-graph.js";\n' });
    const result = await checkLayers(folder);
    expect(result.code).not.toBe(0);
    expect(result.report).toMatch(/layer-schema: src\/schema\/planted\.ts → src\/graphs\/trajectory-graph\.ts/);
  });

  it("fails on a planted cycle and on file I/O in an agent", async () => {
    const folder = await copyWith({
      "src/util/planted-a.ts": 'import { b } from "./planted-b.js";\nexport const a = () => b;\n',
      "src/util/planted-b.ts": 'import { a } from "./planted-a.js";\nexport const b = () => a;\n',
      "src/agents/planted-io.ts": 'import { readFileSync } from "node:fs";\nexport const read = () => readFileSync("x");\n',
    });
    const result = await checkLayers(folder);
    expect(result.code).not.toBe(0);
    expect(result.report).toMatch(/no-cycles: src\/util\/planted-a\.ts → \s*src\/util\/planted-b\.ts/);
    expect(result.report).toMatch(/no-file-io-in-agents-and-trajectories: src\/agents\/planted-io\.ts → (node:)?fs/);
  });
});
