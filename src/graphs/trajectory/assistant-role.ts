import { runAssistantTurn } from "../../agents/assistant-agent.js";
import { SeededRandom } from "../../util/seeded-random.js";
import type { Message, ToolCall } from "../../schema/trajectory.js";
import { FunctionCatalog } from "../../tools/function-catalog.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";

/**
 * The privileged assistant: one turn per visit. Calls go to the tools role, a question goes
 * back to the user, a final answer routes to `end` (which the graph builder may redirect, e.g.
 * to a critic); past `maxTurns` the trajectory is rejected.
 */
export function assistantRole(): TrajectoryRole {
  return {
    name: "assistant",
    routes: ["tools", "user", "end"],
    async run(state, { model, options, call }) {
      if (state.assistantTurns >= options.maxTurns) {
        return { status: "rejected", reason: `turn-limit: no final answer within ${options.maxTurns} assistant turns`, next: "end" };
      }
      const catalog = new FunctionCatalog(state.task.functions);
      try {
        const turn = await runAssistantTurn({
          model,
          protocol: options.protocol,
          task: state.task,
          catalog,
          messages: state.messages,
          parallel: options.parallel,
          maxRetries: options.maxRetries,
          call,
        });
        const common = {
          assistantTurns: 1,
          usage: usageFor("assistant", turn.usage),
          recovered: turn.errors.map((error) => `assistant: ${error.code}`),
        };
        const checked = turn.value;
        if (checked.kind === "calls") {
          const random = new SeededRandom(`${options.seed}:${state.task.id}`);
          const toolCalls: ToolCall[] = checked.calls.map((entry, index) => ({
            // Nine alphanumerics: the strictest chat templates (Mistral) accept nothing else.
            id: random.token(9, state.assistantTurns, index),
            type: "function",
            function: { name: entry.name, arguments: JSON.stringify(entry.arguments) },
          }));
          const message: Message = { role: "assistant", content: checked.thought, tool_calls: toolCalls };
          return { ...common, messages: [message], next: "tools" };
        }
        // Natively, "question" is only a guess from a trailing "?"; once tools have run, a reply
        // without calls is the answer ("…anything else I can do?"), not a request for details.
        const hasCalled = state.messages.some((message) => message.role === "tool");
        if (checked.kind === "question" && options.protocol.name === "native" && hasCalled) {
          return { ...common, messages: [{ role: "assistant", content: checked.text }], status: "accepted", next: "end" };
        }
        if (checked.kind === "question") {
          return { ...common, messages: [{ role: "assistant", content: checked.text }], next: "user" };
        }
        const final: Message = { role: "assistant", content: checked.answer, ...(checked.thought ? { thought: checked.thought } : {}) };
        return { ...common, messages: [final], status: "accepted", next: "end" };
      } catch (error) {
        return { ...rejectOnModelBehavior(error, "assistant"), assistantTurns: 1 };
      }
    },
  };
}
