import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AssistantProtocol, ProtocolName } from "../../agents/assistant-protocol.js";
import { nativeProtocol } from "../../agents/native-protocol.js";
import { taggedProtocol } from "../../agents/tagged-protocol.js";
import type { Transport } from "../../llm/model-call.js";
import type { RealTool } from "../../tools/real-tool.js";

/**
 * One chat model per agent role. `user`, `assistant` and `tool` are required; added roles
 * (e.g. `critic`) look up their own key and fall back to the assistant's model.
 */
export type SimulationModels = { user: BaseChatModel; assistant: BaseChatModel; tool: BaseChatModel } & {
  [role: string]: BaseChatModel | undefined;
};

export interface SimulationOptions {
  /** One chat model per agent role (see `resolveRoleModels`). */
  models: SimulationModels;
  /** `native` tool calling (default) or BUTTON `tagged` text. */
  protocol?: ProtocolName | AssistantProtocol;
  /** Allow several independent calls in one assistant turn (default true). */
  parallel?: boolean;
  /** Assistant turns before the trajectory is rejected as `turn-limit` (default 12). */
  maxTurns?: number;
  /** Corrective retries per model call for unusable output (default 2). */
  maxRetries?: number;
  /** Seed for call ids, trajectory ids and the roles' deterministic choices. */
  seed?: number;
  /** Real implementations by function name; other functions are simulated by the tool agent. */
  realTools?: Record<string, RealTool<any, any>>;
  /** Wraps every model call (transport retries, rate limits). */
  transport?: Transport;
  signal?: AbortSignal;
}

export interface ResolvedSimulationOptions extends Required<Omit<SimulationOptions, "transport" | "signal" | "protocol" | "realTools">> {
  protocol: AssistantProtocol;
  realTools: Record<string, RealTool<any, any>>;
  transport?: Transport;
  signal?: AbortSignal;
}

/** Fill in the defaults; a protocol name becomes the protocol object. */
export function resolveSimulationOptions(options: SimulationOptions): ResolvedSimulationOptions {
  return {
    models: options.models,
    protocol: resolveProtocol(options.protocol),
    parallel: options.parallel ?? true,
    maxTurns: options.maxTurns ?? 12,
    maxRetries: options.maxRetries ?? 2,
    seed: options.seed ?? 0,
    realTools: options.realTools ?? {},
    transport: options.transport,
    signal: options.signal,
  };
}

function resolveProtocol(protocol: SimulationOptions["protocol"]): AssistantProtocol {
  if (protocol === undefined || protocol === "native") return nativeProtocol;
  if (protocol === "tagged") return taggedProtocol;
  return protocol;
}
