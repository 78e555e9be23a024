import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { Message } from "../schema/trajectory.js";
import { buttonSystemPrompt } from "../formats/button-system-prompt.js";
import type { AssistantTurn } from "../schema/assistant-turn.js";
import { parseTaggedText, renderTaggedAssistant, renderToolTurn } from "../formats/button-tags.js";
import type { AssistantProtocol } from "./assistant-protocol.js";
import type { ChatRunnable } from "../llm/model-call.js";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

// The tag helpers live in src/formats (the BUTTON reader and writer use them too); re-exported for callers of the protocol.
export { parseTaggedText, renderTaggedAssistant, renderToolTurn };

/**
 * The `tagged` protocol: the model writes BUTTON's tags (`<call>[…]</call>`, `<final>…</final>`)
 * in plain text. Works with any chat model, including ones without native tool calling, and
 * keeps the model's thoughts. Tool results go back as a JSON list of {name, arguments, results},
 * exactly like a BUTTON tool turn.
 */
export const taggedProtocol: AssistantProtocol = {
  name: "tagged",

  systemPrompt({ functions, parallel }) {
    return buttonSystemPrompt(functions, parallel);
  },

  prepareModel(model: BaseChatModel): ChatRunnable {
    return model;
  },

  toModelMessages(messages: Message[]): BaseMessage[] {
    const out: BaseMessage[] = [];
    for (let index = 0; index < messages.length; index++) {
      const message = messages[index]!;
      if (message.role === "user") out.push(new HumanMessage(message.content));
      if (message.role === "assistant") out.push(new AIMessage(renderTaggedAssistant(message)));
      if (message.role === "tool") {
        // A parallel turn's results travel together, as one BUTTON tool turn.
        const group: Message[] = [];
        while (index < messages.length && messages[index]!.role === "tool") group.push(messages[index++]!);
        index--;
        out.push(new HumanMessage(renderToolTurn(group, messages)));
      }
    }
    return out;
  },

  parse(output: AIMessage): AssistantTurn {
    return parseTaggedText(textOf(output));
  },
};

function textOf(message: AIMessage): string {
  return typeof message.content === "string"
    ? message.content
    : message.content.map((part) => ("text" in part ? String(part.text) : "")).join("");
}
