/**
 * Callbacks, tags and metadata: every model and tool call of a run reaches your LangChain
 * callbacks, tagged `button:run:<id>`, `button:task:<id>`, `button:role:<role>` and
 * `button:stage:<stage>` (and the same keys in metadata), next to your own tags. With
 * LANGSMITH_TRACING=true (and LANGSMITH_API_KEY) the same runs go to LangSmith, where a
 * project can be filtered by those tags; without it nothing is traced.
 *
 *   npx tsx examples/langchain-tracing.ts
 *
 * Prints one line per model or tool call: role, task id and tags. Runs offline on the simulator.
 * In your own project, import from "button-synth".
 */
import { readFileSync } from "node:fs";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { BaseMessage } from "@langchain/core/messages";
import { parseTask, resolveRoleModels, simulateTask } from "../src/index.js";

/** Prints the labels of each model run as it starts. */
class PrintRuns extends BaseCallbackHandler {
  name = "print-runs";
  override handleChatModelStart(_llm: Serialized, _messages: BaseMessage[][], _runId: string, _parent?: string, _extra?: Record<string, unknown>, tags?: string[], metadata?: Record<string, unknown>) {
    console.log(`model ${String(metadata?.role)} ${String(metadata?.task_id)} ${(tags ?? []).join(" ")}`);
  }
}

const tasks = readFileSync(new URL("./tasks.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(0, 2)
  .map((line) => parseTask(JSON.parse(line)));

const tracing = { callbacks: [new PrintRuns()], tags: ["team:travel"], metadata: { experiment: "baseline" } };
for (const task of tasks) {
  await simulateTask(task, { models: resolveRoleModels(), tracing });
}
