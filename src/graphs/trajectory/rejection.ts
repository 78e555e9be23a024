import { isModelBehaviorError } from "../../errors.js";
import type { TokenUsage } from "../../llm/model-call.js";
import type { TrajectoryUpdate } from "./trajectory-state.js";
import { usageFor } from "./usage-update.js";

/**
 * Turn a model-behaviour error that outlived its corrective retries into a rejected
 * trajectory (one bad item never stops a run). Other errors propagate to the runner.
 */
export function rejectOnModelBehavior(error: unknown, role: string): TrajectoryUpdate {
  if (!isModelBehaviorError(error)) throw error;
  const spent = (error as { usage?: TokenUsage }).usage ?? { prompt: 0, completion: 0 };
  return {
    status: "rejected",
    reason: `${error.code}: ${error.message}`,
    next: "end",
    usage: usageFor(role, spent),
  };
}
