import { runUserTurn } from "../../agents/user-agent.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue, TrajectoryUpdate } from "./trajectory-state.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";

/** The simulated user: opens the dialogue, and answers the assistant's clarifying questions. */
export function userNode(options: ResolvedSimulationOptions, persona?: (task: TrajectoryStateValue["task"]) => string | undefined) {
  return async (state: TrajectoryStateValue): Promise<TrajectoryUpdate> => {
    try {
      const turn = await runUserTurn({
        model: options.models.user,
        task: state.task,
        messages: state.messages,
        persona: persona?.(state.task),
        maxRetries: options.maxRetries,
        call: { signal: options.signal, transport: options.transport, role: "user" },
      });
      return {
        messages: [{ role: "user", content: turn.value }],
        next: "assistant",
        usage: usageFor("user", turn.usage),
        recovered: turn.errors.map((error) => `user: ${error.code}`),
      };
    } catch (error) {
      return rejectOnModelBehavior(error, "user");
    }
  };
}
