import type { CallOptions } from "../llm/model-call.js";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import { checkUserTurn } from "./user-turn-checks.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";

import { OPENING_INSTRUCTION, userAgentPrompt } from "./prompts/user-prompt.js";

export { OPENING_INSTRUCTION, userAgentPrompt };

/**
 * From the user agent's point of view the roles are swapped: the assistant's questions are
 * what it reads (human), its own earlier messages are what it wrote (ai).
 */
export function userViewOfConversation(messages: Message[]): BaseMessage[] {
  const view: BaseMessage[] = [new HumanMessage(OPENING_INSTRUCTION)];
  for (const message of messages) {
    if (message.role === "user") view.push(new AIMessage(message.content));
    if (message.role === "assistant" && !message.tool_calls?.length && message.content) {
      view.push(new HumanMessage(message.content));
    }
  }
  return view;
}

export async function runUserTurn(input: {
  model: BaseChatModel;
  task: TaskRecord;
  messages: Message[];
  persona?: string;
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<string>> {
  return withCorrectiveRetries({
    model: input.model,
    messages: [new SystemMessage(userAgentPrompt(input.task, input.persona)), ...userViewOfConversation(input.messages)],
    maxRetries: input.maxRetries,
    call: input.call,
    interpret: (reply) => {
      const text = (typeof reply.content === "string" ? reply.content : reply.text).trim();
      if (text === "") throw new ModelBehaviorError("empty-output", "Your message was empty. Write the message to the assistant.");
      checkUserTurn(text, input.task, input.messages);
      return text;
    },
  });
}
