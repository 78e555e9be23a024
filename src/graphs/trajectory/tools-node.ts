import { runToolAgent } from "../../agents/tool-agent.js";
import { ModelBehaviorError } from "../../errors.js";
import { canonicalJson } from "../../schema/stable-id.js";
import type { Message } from "../../schema/trajectory.js";
import { FunctionCatalog } from "../../tools/function-catalog.js";
import { resultProblems } from "../../tools/json-schema.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryStateValue, TrajectoryUpdate } from "./trajectory-state.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";
import { emptyUsage, mergeUsage, type Usage } from "../../schema/trajectory.js";

/**
 * Answers every call of the last assistant turn — concurrently, one tool agent per call,
 * each seeing only its own function — and appends one tool message per call, in call order.
 * A call repeated with the same arguments gets the cached result.
 */
export function toolsNode(options: ResolvedSimulationOptions) {
  return async (state: TrajectoryStateValue): Promise<TrajectoryUpdate> => {
    const last = state.messages[state.messages.length - 1];
    const calls = last?.role === "assistant" ? (last.tool_calls ?? []) : [];
    const catalog = new FunctionCatalog(state.task.functions);
    let usage: Usage = emptyUsage();
    const recovered: string[] = [];
    const cacheUpdate: Record<string, string> = {};
    // Identical calls within one parallel turn share one execution.
    const inFlight = new Map<string, Promise<string>>();
    const execute = async (name: string, args: Record<string, unknown>): Promise<string> => {
          const spec = catalog.require(name);
          const real = options.realTools[spec.name];
          let result: Record<string, unknown>;
          if (real) {
            const input = real.input.safeParse(args);
            if (!input.success) {
              throw new ModelBehaviorError("invalid-arguments", `Arguments for '${spec.name}' were rejected by its implementation: ${input.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}.`);
            }
            result = await real.run(input.data, { signal: options.signal });
            const problems = resultProblems(spec, result);
            if (problems.length > 0) {
              throw new ModelBehaviorError("invalid-result", `Real tool '${spec.name}' returned a result that does not fit its responses: ${problems.join("; ")}.`);
            }
          } else {
            const answer = await runToolAgent({
              model: options.models.tool,
              spec,
              arguments: args,
              maxRetries: options.maxRetries,
              call: { signal: options.signal, transport: options.transport, role: "tool" },
            });
            usage = mergeUsage(usage, usageFor("tool", answer.usage));
            recovered.push(...answer.errors.map((error) => `tool: ${error.code}`));
            result = answer.value;
          }
          return JSON.stringify(result);
    };
    try {
      const contents = await Promise.all(
        calls.map(async (call) => {
          const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
          const key = `${call.function.name}:${canonicalJson(args)}`;
          const cached = state.toolCache[key];
          if (cached !== undefined) return cached;
          let pending = inFlight.get(key);
          if (!pending) {
            pending = execute(call.function.name, args);
            inFlight.set(key, pending);
          }
          const content = await pending;
          cacheUpdate[key] = content;
          return content;
        }),
      );
      const messages: Message[] = calls.map((call, index) => ({
        role: "tool",
        tool_call_id: call.id,
        name: call.function.name,
        content: contents[index]!,
      }));
      return { messages, next: "assistant", usage, recovered, toolCache: cacheUpdate };
    } catch (error) {
      const rejected = rejectOnModelBehavior(error, "tool");
      return { ...rejected, usage: mergeUsage(usage, rejected.usage as Usage) };
    }
  };
}
