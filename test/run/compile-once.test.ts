import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TrajectoryGraphBuilder } from "../../src/graphs/trajectory-graph-builder.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import { generateTasks, tasksJsonl } from "./generate-tasks.js";

const dir = mkdtempSync(join(tmpdir(), "button-compile-once-"));
afterEach(() => vi.restoreAllMocks());

describe("a run's trajectory graph", () => {
  it("is compiled once for all tasks of the run", async () => {
    const compile = vi.spyOn(TrajectoryGraphBuilder.prototype, "compile");
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(tasks, tasksJsonl(generateTasks(12)));
    const summary = await runSimulation({ tasks, outDir: join(dir, "out"), simulation: { models: resolveRoleModels() }, concurrency: 4 });
    expect(summary.counts.accepted + summary.counts.rejected).toBe(12);
    expect(compile).toHaveBeenCalledTimes(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
