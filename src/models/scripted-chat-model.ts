import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";

/** One scripted reply: text, a message with tool calls, an error to throw, or a function of the input. */
export type ScriptedReply =
  | string
  | { content?: string; tool_calls?: Array<{ name: string; args: Record<string, unknown>; id?: string }> }
  | AIMessage
  | Error
  | ((call: RecordedCall) => string | AIMessage | { content?: string; tool_calls?: Array<{ name: string; args: Record<string, unknown>; id?: string }> });

export interface RecordedCall {
  messages: BaseMessage[];
  tools: unknown[];
  toolChoice?: unknown;
  parallelToolCalls?: boolean;
}

export interface ScriptedChatModelCallOptions extends BaseChatModelCallOptions {
  tools?: unknown[];
  parallel_tool_calls?: boolean;
}

/**
 * A chat model that plays back a script and records every call it receives — for tests and
 * for users who want to check how their own roles talk to a model. Replies are consumed in
 * order; running past the end of the script is an error that says how many calls were made.
 */
export class ScriptedChatModel extends BaseChatModel<ScriptedChatModelCallOptions> {
  readonly calls: RecordedCall[] = [];
  private readonly script: ScriptedReply[];
  private position = 0;

  constructor(script: ScriptedReply[], params: BaseChatModelParams = {}) {
    super(params);
    this.script = [...script];
  }

  _llmType(): string {
    return "button-scripted";
  }

  /** How many scripted replies are still unused. */
  get remaining(): number {
    return this.script.length - this.position;
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<ScriptedChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ScriptedChatModelCallOptions> {
    const bound = tools.map((tool) => convertToOpenAITool(tool as Parameters<typeof convertToOpenAITool>[0]));
    return this.withConfig({ ...kwargs, tools: bound } as Partial<ScriptedChatModelCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const call: RecordedCall = {
      messages,
      tools: options.tools ?? [],
      toolChoice: options.tool_choice,
      parallelToolCalls: options.parallel_tool_calls,
    };
    this.calls.push(call);
    if (this.position >= this.script.length) {
      throw new Error(`ScriptedChatModel ran out of replies after ${this.script.length} call(s); add more replies to the script.`);
    }
    const entry = this.script[this.position++]!;
    if (entry instanceof Error) throw entry;
    const reply = typeof entry === "function" ? entry(call) : entry;
    const message = toMessage(reply, this.calls.length);
    const text = typeof message.content === "string" ? message.content : "";
    return { generations: [{ text, message }] };
  }
}

function toMessage(reply: Exclude<ScriptedReply, Error | ((call: RecordedCall) => unknown)>, callNumber: number): AIMessage {
  if (AIMessage.isInstance(reply)) return reply;
  if (typeof reply === "string") return new AIMessage({ content: reply, usage_metadata: usage(reply.length, callNumber) });
  const toolCalls = (reply.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${callNumber}_${index}`,
    name: call.name,
    args: call.args,
    type: "tool_call" as const,
  }));
  return new AIMessage({
    content: reply.content ?? "",
    tool_calls: toolCalls,
    usage_metadata: usage((reply.content ?? "").length + JSON.stringify(toolCalls).length, callNumber),
  });
}

function usage(characters: number, _callNumber: number) {
  const output = Math.max(1, Math.ceil(characters / 4));
  return { input_tokens: 10, output_tokens: output, total_tokens: 10 + output };
}
