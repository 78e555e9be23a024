/**
 * Your own LangChain agent as the assistant: an agent from `createAgent` (here with
 * LangChain's model-call limit and tool-retry middleware) plays the assistant role on
 * composite tasks; its tool calls go to the simulated tool agent, its messages become the
 * trajectory, and each record is checked like any other.
 *
 *   npx tsx examples/langchain-agent.ts
 *
 * Prints one trajectory record per line (JSONL) on stdout and a summary on stderr.
 * Runs offline: the agent's model is the simulator (any model from `loadRoleModels` works).
 * In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createAgent, modelCallLimitMiddleware, toolRetryMiddleware } from "langchain";
import {
  langchainAgentRole,
  parseTask,
  resolveRoleModels,
  trajectoryGraph,
  verifyTrajectory,
  type TrajectoryRecord,
} from "../src/index.js";

export const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(0, 3)
  .map((line) => parseTask(JSON.parse(line)));

/** The assistant role, played by an agent built per task from the task's tools. */
export const agentRole = langchainAgentRole({
  agent: ({ model, tools, systemPrompt, middleware }) =>
    createAgent({
      model,
      tools,
      systemPrompt,
      // `middleware` (innermost, so last) sends each model call through the runner's retries and rate limits.
      middleware: [modelCallLimitMiddleware({ runLimit: 12 }), toolRetryMiddleware({ maxRetries: 1, initialDelayMs: 0 }), ...middleware],
    }),
});

export const graph = trajectoryGraph().replaceRole(agentRole);

export async function simulateWithAgent(): Promise<TrajectoryRecord[]> {
  const models = resolveRoleModels();
  const records: TrajectoryRecord[] = [];
  for (const task of tasks) records.push(await graph.simulate(task, { models, seed: 1 }));
  return records;
}

async function main() {
  const records = await simulateWithAgent();
  for (const [index, record] of records.entries()) {
    console.log(JSON.stringify(record));
    const verification = verifyTrajectory(record, { task: tasks[index] });
    const outcome = record.reason ?? (verification.accepted ? "accepted, checks pass" : `checks reject: ${verification.rejections.map((verdict) => verdict.check).join(", ")}`);
    console.error(`${record.task_id}: ${outcome}`);
  }
}

// Run only when executed, so tests can import the role and the tasks.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
