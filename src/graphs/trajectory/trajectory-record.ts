import { buttonSystemPrompt } from "../../formats/button-system-prompt.js";
import { toOpenAITool } from "../../schema/function-spec.js";
import { stableId } from "../../schema/stable-id.js";
import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue } from "./trajectory-state.js";

/**
 * The final state as a trajectory record: the public system prompt, then the conversation.
 * Roles' private `meta` entries go to `meta.roles`; a record that did not end accepted
 * carries a `reason`.
 */
export function toTrajectoryRecord(state: TrajectoryStateValue, options: ResolvedSimulationOptions): TrajectoryRecord {
  const task = state.task;
  const accepted = state.status === "accepted";
  const models = Object.fromEntries(
    Object.entries(options.models).flatMap(([role, model]) => (model ? [[role, modelId(model)]] : [])),
  );
  return {
    id: stableId("tr", { task_id: task.id, seed: options.seed, parallel: options.parallel, protocol: options.protocol.name }),
    task_id: task.id,
    // Training records keep the public system prompt (tool list + parallel switch), not the sub-task briefing.
    messages: [{ role: "system", content: buttonSystemPrompt(task.functions, options.parallel) }, ...state.messages],
    // `responses` ride along (non-standard) so BUTTON exports keep all five keys; training exports drop them.
    tools: task.functions.map((spec) => toOpenAITool(spec, { includeResponses: true })),
    parallel_tool_calls: options.parallel,
    verdicts: [],
    usage: state.usage,
    ...(accepted ? {} : { reason: state.reason ?? "unfinished: the graph ended without a final answer" }),
    meta: {
      strategy: task.strategy,
      // A negative variant's facts travel with its trajectory so checks, stats and `validate` need no task file.
      ...(task.variant ? { variant: task.variant, negative: task.meta.negative } : {}),
      protocol: options.protocol.name,
      models,
      assistant_turns: state.assistantTurns,
      recovered_errors: state.recovered,
      ...(Object.keys(state.meta ?? {}).length > 0 ? { roles: state.meta } : {}),
    },
  };
}

/** A readable model id for records: the model name where the client has one. */
export function modelId(model: { getName(): string }): string {
  const named = model as { model?: unknown; seed?: unknown };
  if (typeof named.model === "string") return named.model;
  if (typeof named.seed === "number") return `sim:${named.seed}`;
  return model.getName();
}
