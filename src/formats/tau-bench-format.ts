import { UserError } from "../errors.js";
import type { Message } from "../schema/trajectory.js";
import { finishRecord } from "./canonical-record.js";
import { inferToolsFromCalls } from "./infer-tools.js";
import { readOpenAIMessages } from "./openai-format.js";
import { isObject, type RecordFormat } from "./record-format.js";

/**
 * τ-bench historical trajectories: `{task_id, trial, reward, info, traj}` where `traj` is an OpenAI
 * message list. Reading normalises three things, all recorded in `meta`:
 * - the simulated user's closing turns after the last assistant message (its `###STOP###`
 *   signal) are dropped, since no assistant reply follows them (`meta.dropped_user_turns`);
 * - τ-bench keeps tool schemas in Python code, so minimal tools are inferred from the calls
 *   (`meta.tools_inferred`), and the `tools-declared` check warns;
 * - `transfer_to_human_agents` ends an episode in τ-bench, so it is declared a terminal
 *   function (`meta.terminal_functions`) and a trajectory may end with its result.
 */
export const TAU_BENCH_TERMINAL_FUNCTIONS = ["transfer_to_human_agents"];

export const tauBenchFormat: RecordFormat = {
  name: "tau-bench",
  description: "τ-bench historical trajectories ({task_id, trial, reward, info, traj})",

  detect(value) {
    return isObject(value) && Array.isArray(value.traj) && "task_id" in value;
  },

  read(value, location = {}) {
    if (!isObject(value) || !Array.isArray(value.traj)) {
      throw new UserError("a τ-bench record needs a 'traj' message list", { ...location, field: "traj" });
    }
    const all = readOpenAIMessages(value.traj, location, "traj");
    const lastAssistant = findLastIndex(all, (message) => message.role === "assistant");
    const lastKept = Math.max(lastAssistant, findLastIndex(all, (message) => message.role === "tool"));
    const messages = all.slice(0, lastKept + 1);
    const dropped = all.slice(lastKept + 1).map((message) => (message as { content: string }).content);
    const info = isObject(value.info) ? value.info : {};
    const task = isObject(info.task) ? info.task : {};
    const taskId = `tau-bench-${String(value.task_id)}`;
    return finishRecord(
      {
        id: `${taskId}-trial-${String(value.trial ?? 0)}`,
        task_id: taskId,
        messages,
        tools: inferToolsFromCalls(messages),
        meta: {
          source: "tau-bench",
          reward: value.reward,
          user_id: task.user_id,
          tools_inferred: true,
          terminal_functions: TAU_BENCH_TERMINAL_FUNCTIONS,
          ...(dropped.length > 0 ? { dropped_user_turns: dropped } : {}),
        },
      },
      location,
    );
  },
};

function findLastIndex(messages: Message[], predicate: (message: Message) => boolean): number {
  for (let index = messages.length - 1; index >= 0; index--) if (predicate(messages[index]!)) return index;
  return -1;
}
