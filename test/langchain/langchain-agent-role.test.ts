import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createAgent } from "langchain";
import { afterAll, describe, expect, it } from "vitest";
import { agentRole, graph, simulateWithAgent, tasks } from "../../examples/langchain-agent.js";
import { convertCurrency, lensTask } from "../../examples/langchain-tools.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { trajectoryGraph } from "../../src/graphs/trajectory-graph-builder.js";
import { langchainAgentRole } from "../../src/graphs/trajectory/langchain-agent-role.js";
import { userRole } from "../../src/graphs/trajectory/user-role.js";
import type { TrajectoryRole } from "../../src/graphs/trajectory/trajectory-role.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { isToolErrorResult } from "../../src/tools/tool-error-result.js";
import { verifyTrajectory } from "../../src/verify/verify-trajectory.js";

const dir = mkdtempSync(join(tmpdir(), "button-agent-role-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a createAgent agent as the assistant", () => {
  it("plays the example tasks on the simulator, and every record passes the checks", async () => {
    const records = await simulateWithAgent();
    expect(records).toHaveLength(tasks.length);
    for (const [index, record] of records.entries()) {
      expect(record.reason, record.task_id).toBeUndefined();
      const verification = verifyTrajectory(record, { task: tasks[index] });
      expect(verification.rejections, record.task_id).toEqual([]);
      expect(record.meta.roles).toMatchObject({ assistant: { kind: "langchain-agent", runs: 1 } });
      // Calls were made and answered, and the agent's model and the tool agent both spent tokens.
      expect(record.messages.some((message) => message.role === "tool")).toBe(true);
      expect(record.usage!.by_role.assistant!.prompt_tokens).toBeGreaterThan(0);
      expect(record.usage!.by_role.tool!.prompt_tokens).toBeGreaterThan(0);
    }
  });

  it("writes the same conversation as the built-in assistant when both run the same model", async () => {
    const models = resolveRoleModels();
    for (const task of tasks) {
      const viaAgent = await graph.simulate(task, { models, seed: 1 });
      const builtIn = await simulateTask(task, { models, seed: 1 });
      expect(viaAgent.messages).toEqual(builtIn.messages);
    }
  });

  it("runs in the batch runner, whose checks accept its records", async () => {
    const file = join(dir, "tasks.jsonl");
    writeFileSync(file, tasks.map((task) => JSON.stringify(task)).join("\n") + "\n");
    const out = join(dir, "run");
    const summary = await runSimulation({ tasks: file, outDir: out, graph, simulation: { models: resolveRoleModels() }, concurrency: 2, progress: false });
    expect(summary.counts).toMatchObject({ accepted: tasks.length, rejected: 0 });
    const accepted = readFileSync(join(out, "trajectories.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as TrajectoryRecord);
    for (const record of accepted) expect(record.verdicts.every((verdict) => verdict.ok || verdict.severity !== "reject")).toBe(true);
  });

  it("sends the agent's calls to real tools too, with thrown errors as tool-error results", async () => {
    const record = await trajectoryGraph()
      .replaceRole(agentRole)
      .simulate(lensTask("CHF"), { models: resolveRoleModels(), realTools: { convert_currency: convertCurrency } });
    expect(record.reason).toBeUndefined();
    const failures = record.messages.filter((message) => message.role === "tool" && message.name === "convert_currency");
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((message) => isToolErrorResult(message.content))).toBe(true);
  });

  it("rejects a trajectory whose agent needs more turns than allowed", async () => {
    const record = await graph.simulate(tasks[0]!, { models: resolveRoleModels(), maxTurns: 1 });
    expect(record.reason).toMatch(/^turn-limit/);
  });

  it("gives the factory the task's tools, the briefing and the role's model", async () => {
    const seen: Array<{ tools: string[]; briefing: boolean; parallel: boolean }> = [];
    const role = langchainAgentRole({
      agent: ({ model, tools, systemPrompt, briefing, parallel }) => {
        seen.push({ tools: tools.map((entry) => entry.name), briefing: systemPrompt.includes(briefing), parallel });
        return createAgent({ model, tools, systemPrompt });
      },
    });
    const record = await trajectoryGraph().replaceRole(role).simulate(tasks[1]!, { models: resolveRoleModels(), parallel: false });
    expect(record.reason).toBeUndefined();
    expect(seen).toEqual([{ tools: tasks[1]!.functions.map((spec) => spec.name), briefing: true, parallel: false }]);
    // Parallel calling off: one call per assistant turn.
    for (const message of record.messages) if (message.role === "assistant") expect((message.tool_calls ?? []).length).toBeLessThanOrEqual(1);
  });

  it("the example runs as documented and reports every record passing the checks", async () => {
    const repository = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/langchain-agent.ts"], {
      cwd: repository,
    });
    expect(stdout.trim().split("\n")).toHaveLength(tasks.length);
    expect(stderr.trim().split("\n")).toEqual(tasks.map((task) => `${task.id}: accepted, checks pass`));
  });

  it("sends a question to the user and runs the agent again on the answer", async () => {
    const simulated = userRole();
    // The first request leaves out every detail, so the assistant has to ask.
    const vagueFirst: TrajectoryRole = {
      ...simulated,
      run: (state, context) =>
        state.messages.length === 0
          ? Promise.resolve({ messages: [{ role: "user", content: "Can you help me with something?" }], next: "assistant" })
          : simulated.run(state, context),
    };
    const task = tasks[0]!;
    const record = await trajectoryGraph().replaceRole(vagueFirst).replaceRole(agentRole).simulate(task, { models: resolveRoleModels() });
    expect(record.reason).toBeUndefined();
    const roles = record.messages.map((message) => message.role);
    expect(roles.slice(1, 4)).toEqual(["user", "assistant", "user"]);
    expect(record.messages[2]!.content).toMatch(/\?$/);
    expect(record.meta.roles).toMatchObject({ assistant: { kind: "langchain-agent", runs: 2 } });
    expect(verifyTrajectory(record, { task }).rejections).toEqual([]);
  });

  it("sends the agent's model calls through the runner's transport, via the middleware it is given", async () => {
    const seen: string[] = [];
    const record = await graph.simulate(tasks[0]!, {
      models: resolveRoleModels(),
      transport: (invoke, info) => {
        seen.push(info.role);
        return invoke();
      },
    });
    expect(record.reason).toBeUndefined();
    const agentTurns = (record.meta.roles as { assistant: { turns: number } }).assistant.turns;
    expect(seen.filter((role) => role === "assistant")).toHaveLength(agentTurns);
    expect(seen).toContain("tool");
  });

  it("rejects the trajectory when the simulated tool agent cannot give a usable result", async () => {
    // The tool agent answers with prose every time, so its corrective retries run out.
    const unusable = new ScriptedChatModel(Array.from({ length: 3 }, () => "I am not sure what to return."));
    const record = await graph.simulate(tasks[0]!, { models: { ...resolveRoleModels(), tool: unusable }, maxRetries: 2 });
    expect(record.reason).toMatch(/^(unparseable-output|invalid-result|empty-output)/);
    expect(unusable.calls).toHaveLength(3);
  });
});
