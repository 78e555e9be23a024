import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { FunctionSpec } from "../schema/function-spec.js";
import type { Message } from "../schema/trajectory.js";
import type { AssistantTurn } from "../schema/assistant-turn.js";
import type { ChatRunnable } from "../llm/model-call.js";

export type ProtocolName = "native" | "tagged";

/**
 * How the assistant talks to its model. Both protocols produce the same canonical
 * messages, so everything downstream (tools, checks, writers) is protocol-blind.
 */
export interface AssistantProtocol {
  name: ProtocolName;
  /** The public part of the system prompt (what a trained model will later see). */
  systemPrompt(input: { functions: readonly FunctionSpec[]; parallel: boolean }): string;
  /** Bind tools or not, as the protocol requires. */
  prepareModel(model: BaseChatModel, functions: readonly FunctionSpec[], parallel: boolean): ChatRunnable;
  /** Canonical conversation (no system message) → the model's input messages. */
  toModelMessages(messages: Message[]): BaseMessage[];
  /** The model's reply → a turn; throws ModelBehaviorError when it cannot be used. */
  parse(output: AIMessage): AssistantTurn;
}
