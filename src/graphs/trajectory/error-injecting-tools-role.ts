import { UserError } from "../../errors.js";
import { SeededRandom } from "../../util/seeded-random.js";
import { isToolErrorResult, TOOL_ERROR_TYPES, toolErrorResult, type ToolErrorResult, type ToolErrorType } from "../../tools/tool-error-result.js";
import { toolsRole, type PendingToolCall, type ToolErrorInjector } from "./tools-role.js";
import type { TrajectoryRole } from "./trajectory-role.js";

export interface ErrorInjectionSettings {
  /** Share of fresh calls (0–1) that fail instead of running. */
  rate: number;
  /** Which failures to produce (default: timeout, not_found, invalid_argument, rate_limited). */
  types?: readonly ToolErrorType[];
  /** Failures at most per distinct call (same name and arguments), so a retry can succeed (default 1). */
  errorsPerCall?: number;
  /** Seed for the choices (default: the simulation's seed). */
  seed?: number;
}

/** One injected failure, as kept in `meta.roles.tools.injected`. */
export interface InjectedToolError {
  call_id: string;
  name: string;
  type: string;
}

/**
 * The tools role with failures: at the given rate a call returns a realistic error result
 * (`{"error":{"type":"timeout","message":"…"}}`) as its tool message instead of running, so
 * the data shows an assistant recovering. The choice is deterministic for the seed, the
 * task, the call and how often it was made before; error results are never cached, so a
 * retry runs for real. Replaces the standard `tools` role.
 */
export function errorInjectingToolsRole(settings: ErrorInjectionSettings): TrajectoryRole {
  const { rate } = settings;
  const types = settings.types ?? TOOL_ERROR_TYPES;
  const errorsPerCall = settings.errorsPerCall ?? 1;
  if (!(rate >= 0 && rate <= 1)) throw new UserError(`errorInjectingToolsRole: rate must be between 0 and 1, got ${rate}.`, { code: "invalid-config", field: "rate" });
  if (types.length === 0) throw new UserError("errorInjectingToolsRole: give at least one error type.", { code: "invalid-config", field: "types" });
  const injectError: ToolErrorInjector = (pending, state, options) => {
    if (pending.earlierErrors >= errorsPerCall) return undefined;
    const random = new SeededRandom(settings.seed ?? options.seed);
    const parts = ["tool-error", state.task.id, pending.key, pending.occurrence];
    if (random.unit(...parts) >= rate) return undefined;
    return describeError(random.pick(types, ...parts, "type"), pending, random);
  };
  const base = toolsRole({ injectError });
  return {
    ...base,
    settings: { rate, types: [...types], errorsPerCall, seed: settings.seed ?? null },
    async run(state, context) {
      const update = await base.run(state, context);
      const messages = Array.isArray(update.messages) ? update.messages : [];
      const injected: InjectedToolError[] = messages.flatMap((message) =>
        message.role === "tool" && isToolErrorResult(message.content) ? [{ call_id: message.tool_call_id, name: message.name ?? "", type: JSON.parse(message.content).error.type }] : [],
      );
      if (injected.length === 0) return update;
      const earlier = (state.meta[base.name] as { injected?: InjectedToolError[] } | undefined)?.injected ?? [];
      return { ...update, meta: { [base.name]: { injected: [...earlier, ...injected] } } };
    },
  };
}

/** A message a real API might send for this failure, naming the call's own values. */
function describeError(type: ToolErrorType, pending: PendingToolCall, random: SeededRandom): ToolErrorResult {
  const name = pending.call.function.name;
  const [parameter, value] = Object.entries(pending.arguments).find(([, entry]) => typeof entry === "string" || typeof entry === "number") ?? [];
  const shown = value === undefined ? "" : JSON.stringify(value);
  switch (type) {
    case "timeout":
      return toolErrorResult("timeout", `The request to ${name} timed out after 30 seconds: the upstream service did not respond.`);
    case "rate_limited": {
      const seconds = random.integer(1, 5, "retry-after", pending.key);
      return toolErrorResult("rate_limited", `Too many requests to ${name}. Retry after ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    case "not_found":
      return toolErrorResult("not_found", parameter ? `No record matches ${parameter}=${shown} (lookup index temporarily unavailable).` : `The requested ${name} resource was not found.`);
    case "invalid_argument":
      return toolErrorResult(
        "invalid_argument",
        parameter ? `The value ${shown} for '${parameter}' could not be processed; the request was malformed in transit.` : `The request to ${name} was malformed in transit.`,
      );
    default:
      return toolErrorResult(type, `The call to ${name} failed (${type}).`);
  }
}
