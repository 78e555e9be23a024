import { runAssistantTurn } from "../../agents/assistant-agent.js";
import { SeededRandom } from "../../models/sim/seeded-random.js";
import type { Message, ToolCall } from "../../schema/trajectory.js";
import { FunctionCatalog } from "../../tools/function-catalog.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue, TrajectoryUpdate } from "./trajectory-state.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";

/**
 * The privileged assistant: one turn per visit. Calls go to the tools node, a question goes
 * back to the user, a final answer ends the trajectory; past `maxTurns` it is rejected.
 */
export function assistantNode(options: ResolvedSimulationOptions) {
  return async (state: TrajectoryStateValue): Promise<TrajectoryUpdate> => {
    if (state.assistantTurns >= options.maxTurns) {
      return { status: "rejected", reason: `turn-limit: no final answer within ${options.maxTurns} assistant turns`, next: "end" };
    }
    const catalog = new FunctionCatalog(state.task.functions);
    try {
      const turn = await runAssistantTurn({
        model: options.models.assistant,
        protocol: options.protocol,
        task: state.task,
        catalog,
        messages: state.messages,
        parallel: options.parallel,
        maxRetries: options.maxRetries,
        call: { signal: options.signal, transport: options.transport, role: "assistant" },
      });
      const common = {
        assistantTurns: 1,
        usage: usageFor("assistant", turn.usage),
        recovered: turn.errors.map((error) => `assistant: ${error.code}`),
      };
      const checked = turn.value;
      if (checked.kind === "calls") {
        const random = new SeededRandom(`${options.seed}:${state.task.id}`);
        const toolCalls: ToolCall[] = checked.calls.map((call, index) => ({
          // Nine alphanumerics: the strictest chat templates (Mistral) accept nothing else.
          id: random.token(9, state.assistantTurns, index),
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        }));
        const message: Message = { role: "assistant", content: checked.thought, tool_calls: toolCalls };
        return { ...common, messages: [message], next: "tools" };
      }
      if (checked.kind === "question") {
        return { ...common, messages: [{ role: "assistant", content: checked.text }], next: "user" };
      }
      const final: Message = { role: "assistant", content: checked.answer, ...(checked.thought ? { thought: checked.thought } : {}) };
      return { ...common, messages: [final], status: "accepted", next: "end" };
    } catch (error) {
      return { ...rejectOnModelBehavior(error, "assistant"), assistantTurns: 1 };
    }
  };
}
