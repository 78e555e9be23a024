import { runUserTurn } from "../../agents/user-agent.js";
import type { TaskRecord } from "../../schema/task.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";

export interface UserRoleSettings {
  /** Text for the user agent's `<persona>` section, per task (none by default). */
  persona?: (task: TaskRecord, options: ResolvedSimulationOptions) => string | undefined;
}

/** The simulated user: opens the dialogue, and answers the assistant's clarifying questions. */
export function userRole(settings: UserRoleSettings = {}): TrajectoryRole {
  return {
    name: "user",
    routes: ["assistant"],
    async run(state, { model, options, call }) {
      try {
        const turn = await runUserTurn({
          model,
          task: state.task,
          messages: state.messages,
          persona: settings.persona?.(state.task, options),
          maxRetries: options.maxRetries,
          call,
        });
        return {
          messages: [{ role: "user", content: turn.value }],
          next: "assistant",
          usage: usageFor(call.role ?? "user", turn.usage),
          recovered: turn.errors.map((error) => `user: ${error.code}`),
        };
      } catch (error) {
        return rejectOnModelBehavior(error, call.role ?? "user");
      }
    },
  };
}
