import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { isModelBehaviorError, type ModelBehaviorError } from "../errors.js";
import { callModel, type CallOptions, type ChatRunnable, type TokenUsage } from "./model-call.js";

export interface CorrectiveResult<T> {
  value: T;
  usage: TokenUsage;
  /** The model-behaviour errors met on the way, oldest first. */
  errors: ModelBehaviorError[];
}

/**
 * Call a model and interpret its reply; when the reply cannot be used, show the model its
 * own output and what was wrong, and try again — at most `maxRetries` more times. The
 * feedback turns are for the model only: they never enter the recorded trajectory.
 */
export async function withCorrectiveRetries<T>(input: {
  model: ChatRunnable;
  messages: BaseMessage[];
  maxRetries: number;
  interpret: (reply: AIMessage) => T;
  call?: CallOptions;
}): Promise<CorrectiveResult<T>> {
  const usage: TokenUsage = { prompt: 0, completion: 0 };
  const errors: ModelBehaviorError[] = [];
  const messages = [...input.messages];
  for (let attempt = 0; ; attempt++) {
    const reply = await callModel(input.model, messages, input.call);
    usage.prompt += reply.usage.prompt;
    usage.completion += reply.usage.completion;
    try {
      return { value: input.interpret(reply.message), usage, errors };
    } catch (error) {
      if (!isModelBehaviorError(error)) throw error;
      errors.push(error);
      if (attempt >= input.maxRetries) {
        Object.assign(error, { usage, attempts: errors.length });
        throw error;
      }
      // Replay the failed reply as plain text: a dangling tool call without results is invalid history.
      messages.push(new AIMessage(describeReply(reply.message)));
      messages.push(new HumanMessage(`Your last reply could not be used: ${error.message} Please answer again.`));
    }
  }
}

function describeReply(message: AIMessage): string {
  const text = typeof message.content === "string" ? message.content : message.text;
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return text;
  const rendered = calls.map((call) => `${call.name}(${JSON.stringify(call.args)})`).join(", ");
  return `${text}\n[called: ${rendered}]`.trim();
}
