import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { summaryLines } from "../../src/cli/commands/construct.js";
import { runConstruction } from "../../src/run/run-construction.js";

const examples = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "button-run-construction-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bundled seeds plus one malformed line at a known place. */
function seedsWithOneBadLine(): { folder: string; file: string } {
  const folder = join(dir, "seeds");
  mkdirSync(folder, { recursive: true });
  const [first] = readdirSync(examples).filter((name) => name.endsWith(".jsonl"));
  const file = join(folder, first!);
  copyFileSync(join(examples, first!), file);
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean).length;
  appendFileSync(file, '{"messages": "not a list"}\n');
  return { folder, file: `${file}:${lines + 1}` };
}

describe("runConstruction", () => {
  it("reports a malformed seed line with file, line and field in the summary and the manifest", async () => {
    const { folder, file } = seedsWithOneBadLine();
    const [path, line] = file.split(/:(?=\d+$)/);
    const result = await runConstruction({ seeds: folder, outDir: join(dir, "malformed"), count: 3, seed: 2 });
    expect(result.manifest.malformed_seeds).toEqual([expect.objectContaining({ file: path, line: Number(line), field: "messages" })]);
    expect(summaryLines(result).some((text) => text.startsWith("malformed seed skipped:") && text.includes(`line ${line}`) && text.includes("'messages'"))).toBe(true);
  });

  it("stops at a token budget, keeps what was paid for, and a resume with a larger budget ends where an unbounded run does", async () => {
    const full = await runConstruction({ seeds: examples, outDir: join(dir, "full"), count: 5, seed: 4 });
    const spent = full.usage.total.prompt_tokens + full.usage.total.completion_tokens;
    const outDir = join(dir, "budget");
    await expect(runConstruction({ seeds: examples, outDir, count: 5, seed: 4, maxTokens: Math.floor(spent / 3) })).rejects.toThrow(/token budget reached/);
    const stopped = JSON.parse(readFileSync(join(outDir, "construction.json"), "utf8")) as { status: string };
    expect(stopped.status).toBe("stopped");
    await expect(runConstruction({ seeds: examples, outDir, count: 5, seed: 4 })).rejects.toThrow(/already holds a construction/);
    await expect(runConstruction({ seeds: examples, outDir, count: 6, seed: 4, resume: true })).rejects.toThrow(/another configuration \(count\)/);
    const resumed = await runConstruction({ seeds: examples, outDir, count: 5, seed: 4, resume: true, maxTokens: spent * 2 });
    expect(readFileSync(join(outDir, "tasks.jsonl"), "utf8")).toBe(readFileSync(join(dir, "full", "tasks.jsonl"), "utf8"));
    expect(resumed.manifest.sessions).toHaveLength(2);
    expect(resumed.manifest.sessions[1]!.replayed).toBeGreaterThan(0);
    // Replayed answers count at the price first paid, so the ledger equals the uninterrupted run's.
    expect(resumed.usage.total).toEqual(full.usage.total);
  });
});
