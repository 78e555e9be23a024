import type { CallOptions } from "../llm/model-call.js";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";
import { heldBackGuidance } from "./negative-briefing.js";

export const OPENING_INSTRUCTION = "Write your first message to the assistant now.";

/**
 * The user agent sees only the composite task (never sub-tasks or functions), so its request
 * reads like a person's, not like a plan.
 */
export function userAgentPrompt(task: TaskRecord, persona?: string): string {
  return [
    "You are role-playing a person who asks an AI assistant for help. Below is what you want done.",
    "Rules:",
    "- Write as this person would, in the first person, in one message.",
    "- Include every concrete detail the assistant needs (names, dates, places, amounts) exactly as given in the task.",
    "- Do not name any tool, function or API, and do not dictate the steps to take.",
    "- If the assistant asks you a question, answer it in character using only facts from the task; if the task does not say, say you don't know.",
    "- Reply with the message text only.",
    // A persona may hold details back on purpose (a vague user), so it must win over the rules above.
    ...(persona ? ["- Play the persona below; where it differs from these rules on tone or on how much detail to give at first, follow the persona.", "<persona>", persona, "</persona>"] : []),
    ...heldBackGuidance(task),
    "<your_task>",
    task.task,
    "</your_task>",
  ].join("\n");
}

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
      return text;
    },
  });
}
