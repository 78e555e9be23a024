import type { TokenUsage } from "../../llm/model-call.js";
import { addUsage, emptyUsage, type Usage } from "../../schema/trajectory.js";

/** A usage delta for one role, to merge into the state. */
export function usageFor(role: string, usage: TokenUsage): Usage {
  return addUsage(emptyUsage(), role, usage.prompt, usage.completion);
}
