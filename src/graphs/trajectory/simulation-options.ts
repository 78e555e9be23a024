import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AssistantProtocol, ProtocolName } from "../../agents/assistant-protocol.js";
import type { Transport } from "../../agents/model-call.js";
import type { RealTool } from "../../tools/real-tool.js";

export interface SimulationOptions {
  /** One chat model per agent role (see `resolveRoleModels`). */
  models: { user: BaseChatModel; assistant: BaseChatModel; tool: BaseChatModel };
  /** `native` tool calling (default) or BUTTON `tagged` text. */
  protocol?: ProtocolName | AssistantProtocol;
  /** Allow several independent calls in one assistant turn (default true). */
  parallel?: boolean;
  /** Assistant turns before the trajectory is rejected as `turn-limit` (default 12). */
  maxTurns?: number;
  /** Corrective retries per model call for unusable output (default 2). */
  maxRetries?: number;
  /** Seed for call ids and trajectory ids. */
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
