import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerConstructCommand } from "../../src/cli/commands/construct.js";
import type { ConstructionProgress } from "../../src/graphs/construct-tasks.js";
import { formatProgressLine, type ProgressReporter, type ProgressSnapshot } from "../../src/run/progress-reporter.js";
import { constructionSnapshot, runConstruction } from "../../src/run/run-construction.js";

const examples = fileURLToPath(new URL("../../examples/seeds/", import.meta.url));
const fixtures = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "button-construction-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Keeps what a progress display would have shown. */
function recordingReporter() {
  const updates: ProgressSnapshot[] = [];
  const stops: ProgressSnapshot[] = [];
  const reporter: ProgressReporter = { update: (snapshot) => void updates.push(snapshot), stop: (snapshot) => void stops.push(snapshot) };
  return { reporter, updates, stops };
}

describe("construction progress", () => {
  it("reports tasks written of --count, rejected candidates and tokens as construction goes, and the final state once", async () => {
    const recorder = recordingReporter();
    const events: ConstructionProgress[] = [];
    const result = await runConstruction({ seeds: examples, outDir: join(dir, "run"), count: 4, seed: 2, progress: recorder.reporter, onProgress: (event) => events.push(event) });
    expect(recorder.stops).toHaveLength(1);
    const final = recorder.stops[0]!;
    const tokens = result.usage.total.prompt_tokens + result.usage.total.completion_tokens;
    expect(final).toMatchObject({ stage: "construct", unit: "tasks written", done: result.tasks.length, total: 4, totalIsTarget: false, rejected: result.rejected.length, tokens });
    // Progress only grows, and the graph's last state is the result.
    for (let index = 1; index < events.length; index++) {
      expect(events[index]!.tasksWritten).toBeGreaterThanOrEqual(events[index - 1]!.tasksWritten);
      expect(events[index]!.tokens).toBeGreaterThanOrEqual(events[index - 1]!.tokens);
    }
    expect(events.at(-1)).toMatchObject({ tasksWritten: result.tasks.length, tokens });
    expect(events.some((event) => event.tasksWritten === 0 && event.tokens > 0)).toBe(true);
  });

  it("formats a line with the stage, tasks written of the count, tokens and the elapsed time", () => {
    const snapshot = constructionSnapshot({ tasksWritten: 3, candidatesRejected: 1, tokens: 12_345 }, 6, 10_000);
    expect(formatProgressLine(snapshot)).toBe("construct: tasks written 3/6 | rejected 1 | 0.30/s | ETA 10s | tokens 12.3k | elapsed 10s");
    expect(formatProgressLine(constructionSnapshot({ tasksWritten: 0, candidatesRejected: 0, tokens: 0 }, undefined, 0))).toBe(
      "construct: tasks written 0 | rejected 0 | 0.00/s | ETA ? | tokens 0 | elapsed 0s",
    );
  });

  it("`button construct` shows progress unless --no-progress, and warns of each malformed seed with file, line and field", async () => {
    const run = async (extra: string[]) => {
      const recorder = recordingReporter();
      const warnings: string[] = [];
      const root = new Command("button").exitOverride().configureOutput({ writeErr: () => undefined });
      registerConstructCommand(root, { log: () => undefined, warn: (line) => warnings.push(line), progress: recorder.reporter });
      const out = join(dir, `cli-${extra.length}`);
      await root.parseAsync(["construct", "--seeds", fixtures, "--out", out, "--count", "3", "--seed", "3", ...extra], { from: "user" });
      return { recorder, warnings };
    };
    const shown = await run([]);
    expect(shown.recorder.stops).toHaveLength(1);
    expect(shown.recorder.stops[0]).toMatchObject({ stage: "construct", total: 3 });
    // The fixtures hold 7 malformed records; each is named on stderr as it is met.
    expect(shown.warnings).toHaveLength(7);
    expect(shown.warnings).toContain(
      `[button] warning: malformed seed skipped: ${join(fixtures, "openai-chat.jsonl")}:line 2 (field 'messages.1.role'): each message needs a string \`role\`: system, user, assistant or tool`,
    );
    expect(shown.warnings.every((line) => /^\[button\] warning: malformed seed skipped: .+:line \d+ \(field '.+'\)/.test(line))).toBe(true);
    const quiet = await run(["--no-progress"]);
    expect(quiet.recorder.updates).toEqual([]);
    expect(quiet.recorder.stops).toEqual([]);
  });
});
