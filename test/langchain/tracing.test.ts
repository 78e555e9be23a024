import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { BaseMessage } from "@langchain/core/messages";
import { afterAll, describe, expect, it } from "vitest";
import { graph as agentGraph, tasks } from "../../examples/langchain-agent.js";
import { convertCurrency, lensTask } from "../../examples/langchain-tools.js";
import { constructTasks } from "../../src/graphs/construct-tasks.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import { withRunLabels } from "../../src/llm/run-tracing.js";

const dir = mkdtempSync(join(tmpdir(), "button-tracing-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SeenRun {
  kind: "model" | "tool";
  name?: string;
  tags: string[];
  metadata: Record<string, unknown>;
}

/** Collects the tags and metadata of every model and tool run it is told about. */
class RunCollector extends BaseCallbackHandler {
  name = "run-collector";
  runs: SeenRun[] = [];
  override handleChatModelStart(_llm: Serialized, _messages: BaseMessage[][], _runId: string, _parent?: string, _extra?: Record<string, unknown>, tags?: string[], metadata?: Record<string, unknown>) {
    this.runs.push({ kind: "model", tags: tags ?? [], metadata: metadata ?? {} });
  }
  override handleToolStart(_tool: Serialized, _input: string, _runId: string, _parent?: string, tags?: string[], metadata?: Record<string, unknown>, runName?: string) {
    this.runs.push({ kind: "tool", name: runName, tags: tags ?? [], metadata: metadata ?? {} });
  }
  models(): SeenRun[] {
    return this.runs.filter((run) => run.kind === "model");
  }
}

describe("callbacks, tags and metadata", () => {
  it("reach every model call of a trajectory, labelled with task id, role and stage", async () => {
    const collector = new RunCollector();
    const task = lensTask("USD");
    const record = await simulateTask(task, {
      models: resolveRoleModels(),
      realTools: { convert_currency: convertCurrency },
      tracing: { callbacks: [collector], tags: ["team:search"], metadata: { experiment: "e1" } },
    });
    expect(record.reason).toBeUndefined();
    const models = collector.models();
    expect(new Set(models.map((run) => run.metadata.role))).toEqual(new Set(["user", "assistant", "tool"]));
    for (const run of models) {
      expect(run.tags).toEqual(expect.arrayContaining(["team:search", `button:task:${task.id}`, `button:role:${run.metadata.role}`, "button:stage:simulate"]));
      expect(run.metadata).toMatchObject({ experiment: "e1", task_id: task.id, stage: "simulate" });
    }
    // The LangChain tool's own run is labelled as the tool role.
    const toolRun = collector.runs.find((run) => run.kind === "tool" && run.name === "convert_currency")!;
    expect(toolRun.tags).toEqual(expect.arrayContaining([`button:task:${task.id}`, "button:role:tool"]));
  });

  it("label a batch run with its run id, which the manifest records", async () => {
    const collector = new RunCollector();
    const file = join(dir, "tasks.jsonl");
    writeFileSync(file, tasks.slice(0, 2).map((task) => JSON.stringify(task)).join("\n") + "\n");
    const out = join(dir, "run");
    await runSimulation({ tasks: file, outDir: out, simulation: { models: resolveRoleModels() }, tracing: { callbacks: [collector] }, progress: false });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { timings: { sessions: Array<{ run_id?: string }> } };
    const runId = manifest.timings.sessions[0]!.run_id!;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const models = collector.models();
    expect(new Set(models.map((run) => run.metadata.task_id))).toEqual(new Set(tasks.slice(0, 2).map((task) => task.id)));
    for (const run of models) {
      expect(run.tags).toContain(`button:run:${runId}`);
      expect(run.metadata.run_id).toBe(runId);
    }
  });

  it("label construction's calls with their stage", async () => {
    const collector = new RunCollector();
    const result = await constructTasks({
      seeds: join(import.meta.dirname, "../../examples/seeds"),
      limit: 2,
      count: 2,
      runId: "construct-1",
      tracing: { callbacks: [collector], metadata: { dataset: "d1" } },
    });
    expect(result.tasks.length).toBeGreaterThan(0);
    const models = collector.models();
    expect(models.length).toBeGreaterThan(0);
    const stages = new Set(models.map((run) => run.metadata.stage));
    // One label per stage (scenario, atomic task, composition, check, functions): the same names as the usage ledger's.
    expect(stages.size).toBeGreaterThanOrEqual(3);
    expect(new Set(Object.keys(result.usage.by_role))).toEqual(stages);
    for (const run of models) {
      expect(run.metadata).toMatchObject({ role: "construction", run_id: "construct-1", dataset: "d1" });
      expect(run.tags).toEqual(expect.arrayContaining(["button:role:construction", "button:run:construct-1", `button:stage:${run.metadata.stage}`]));
    }
  });

  it("follow a LangChain agent's model calls (assistant) and the tool agent's (tool)", async () => {
    const collector = new RunCollector();
    const task = tasks[0]!;
    await agentGraph.simulate(task, { models: resolveRoleModels(), tracing: { callbacks: [collector] } });
    const models = collector.models();
    const roles = models.map((run) => run.metadata.role);
    expect(roles).toContain("assistant");
    expect(roles).toContain("tool");
    for (const run of models) {
      expect(run.tags).toContain(`button:task:${task.id}`);
      // One role label per run, so filtering by role is unambiguous.
      expect(run.tags.filter((tag) => tag.startsWith("button:role:"))).toEqual([`button:role:${run.metadata.role}`]);
    }
  });

  it("a later label replaces an earlier one of the same kind", () => {
    const labelled = withRunLabels(withRunLabels({ tags: ["mine"] }, { role: "assistant", task_id: "t1" }), { role: "tool" });
    expect(labelled.tags).toEqual(["mine", "button:task:t1", "button:role:tool"]);
    expect(labelled.metadata).toEqual({ role: "tool", task_id: "t1" });
  });
});
