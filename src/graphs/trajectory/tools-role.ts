import { canonicalJson } from "../../schema/stable-id.js";
import type { Message, ToolCall } from "../../schema/trajectory.js";
import { mergeUsage, type Usage } from "../../schema/trajectory.js";
import { isToolErrorResult, type ToolErrorResult } from "../../tools/tool-error-result.js";
import type { RoleContext } from "../../agents/agent-role.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue, TrajectoryUpdate } from "./trajectory-state.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { ToolExecutor, type ToolExecution } from "./tool-executor.js";

/** One call about to be executed, as an error injector sees it. */
export interface PendingToolCall {
  call: ToolCall;
  arguments: Record<string, unknown>;
  /** `name:canonical-arguments`, the cache key. */
  key: string;
  /** How many times the same call (same name and arguments) was made before this turn. */
  occurrence: number;
  /** How many of those earlier attempts returned an error. */
  earlierErrors: number;
}

/** Decides, before execution, that a call fails; `undefined` lets it run. */
export type ToolErrorInjector = (
  pending: PendingToolCall,
  state: TrajectoryStateValue,
  options: ResolvedSimulationOptions,
) => ToolErrorResult | undefined;

export interface ToolsRoleSettings {
  /** Fail some calls on purpose (see `errorInjectingToolsRole`). */
  injectError?: ToolErrorInjector;
}

/**
 * Answers every call of the last assistant turn — concurrently, one tool agent per call,
 * each seeing only its own function, or the real implementation where one is given — and
 * appends one tool message per call, in call order. A call repeated with the same arguments
 * gets the cached result; error results are never cached, so a retry really runs.
 */
export function toolsRole(settings: ToolsRoleSettings = {}): TrajectoryRole {
  return {
    name: "tools",
    model: "tool",
    routes: ["assistant"],
    run: (state, context) => runTools(state, settings, context),
  };
}

async function runTools(
  state: TrajectoryStateValue,
  settings: ToolsRoleSettings,
  { model, options, call: callOptions }: RoleContext<ResolvedSimulationOptions>,
): Promise<TrajectoryUpdate> {
  const last = state.messages[state.messages.length - 1];
  const calls = last?.role === "assistant" ? (last.tool_calls ?? []) : [];
  const earlier = callHistory(state.messages.slice(0, -1));
  const executor = new ToolExecutor(state.task.functions, options, model, callOptions);
  const cacheUpdate: Record<string, string> = {};
  // Identical calls within one parallel turn share one execution (or one injected error).
  const inFlight = new Map<string, Promise<ToolExecution>>();
  const execute = (name: string, args: Record<string, unknown>) => executor.execute(name, args);
  try {
    const contents = await Promise.all(
      calls.map(async (call) => {
        const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
        const key = `${call.function.name}:${canonicalJson(args)}`;
        const cached = state.toolCache[key];
        if (cached !== undefined) return cached;
        let pending = inFlight.get(key);
        if (!pending) {
          const seen = earlier.get(key) ?? { occurrence: 0, errors: 0 };
          const injected = settings.injectError?.({ call, arguments: args, key, occurrence: seen.occurrence, earlierErrors: seen.errors }, state, options);
          pending = injected
            ? Promise.resolve({ content: JSON.stringify(injected), cache: false })
            : execute(call.function.name, args);
          inFlight.set(key, pending);
        }
        const outcome = await pending;
        if (outcome.cache) cacheUpdate[key] = outcome.content;
        return outcome.content;
      }),
    );
    const messages: Message[] = calls.map((call, index) => ({
      role: "tool",
      tool_call_id: call.id,
      name: call.function.name,
      content: contents[index]!,
    }));
    return { messages, next: "assistant", usage: executor.usage, recovered: executor.recovered, toolCache: cacheUpdate };
  } catch (error) {
    const rejected = rejectOnModelBehavior(error, "tool");
    return { ...rejected, usage: mergeUsage(executor.usage, rejected.usage as Usage) };
  }
}

/** For each call key: how often it was called before, and how many of those calls failed. */
function callHistory(messages: Message[]): Map<string, { occurrence: number; errors: number }> {
  const keyById = new Map<string, string>();
  const seen = new Map<string, { occurrence: number; errors: number }>();
  for (const message of messages) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const key = `${call.function.name}:${canonicalJson(JSON.parse(call.function.arguments))}`;
        keyById.set(call.id, key);
        const entry = seen.get(key) ?? { occurrence: 0, errors: 0 };
        seen.set(key, { ...entry, occurrence: entry.occurrence + 1 });
      }
    }
    if (message.role === "tool") {
      const key = keyById.get(message.tool_call_id);
      if (key && isToolErrorResult(message.content)) seen.get(key)!.errors += 1;
    }
  }
  return seen;
}

