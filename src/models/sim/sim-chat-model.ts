import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { SeededRandom } from "../../util/seeded-random.js";
import { messageText, type BoundTool, type SimRequest, type SimSkill } from "./sim-request.js";
import { defaultSimSkills } from "./skills/index.js";

export interface SimChatModelCallOptions extends BaseChatModelCallOptions {
  tools?: BoundTool[];
  parallel_tool_calls?: boolean;
}

export interface SimChatModelParams extends BaseChatModelParams {
  /** Same seed and same input give the same output. */
  seed?: number;
  /** Behaviours tried in order; the first that matches answers. Defaults to every built-in skill. */
  skills?: SimSkill[];
}

/**
 * The offline simulator model ("sim"): a deterministic LangChain chat model that answers
 * every prompt this library writes, in the same protocol a real model would use (text,
 * OpenAI-style tool calls, structured output through a forced tool). It sees only the
 * messages, the bound tools and the tool choice — never graph state — so every parser,
 * validator and retry path runs exactly as it would with a real model.
 */
export class SimChatModel extends BaseChatModel<SimChatModelCallOptions> {
  readonly seed: number;
  readonly skills: SimSkill[];

  static override lc_name(): string {
    return "SimChatModel";
  }

  constructor(params: SimChatModelParams = {}) {
    super(params);
    this.seed = params.seed ?? 0;
    this.skills = params.skills ?? defaultSimSkills();
  }

  _llmType(): string {
    return "button-sim";
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<SimChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, SimChatModelCallOptions> {
    const bound = tools.map((tool) => convertToOpenAITool(tool as Parameters<typeof convertToOpenAITool>[0]) as BoundTool);
    return this.withConfig({ ...kwargs, tools: bound } as Partial<SimChatModelCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const request = this.buildRequest(messages, options);
    const skill = this.skills.find((candidate) => candidate.matches(request));
    if (!skill) {
      throw new Error(
        "The simulator model did not recognise this prompt. It answers the prompts of this library's agents and " +
          "construction stages; for custom prompts, pass a SimSkill in `skills` or use a real model.",
      );
    }
    const reply = skill.respond(request);
    const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
      id: `call_${request.random.token(9, "call-id", messages.length, index, call.name, call.args)}`,
      name: call.name,
      args: call.args,
      type: "tool_call" as const,
    }));
    const promptTokens = estimateTokens(messages.map(messageText).join("\n") + JSON.stringify(options.tools ?? []));
    const completionTokens = estimateTokens(reply.content + JSON.stringify(reply.toolCalls ?? []));
    const message = new AIMessage({
      content: reply.content,
      tool_calls: toolCalls,
      usage_metadata: {
        input_tokens: promptTokens,
        output_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      response_metadata: { model_name: `sim:${this.seed}`, skill: skill.name },
    });
    return {
      generations: [{ text: reply.content, message }],
      llmOutput: {
        tokenUsage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
      },
    };
  }

  private buildRequest(messages: BaseMessage[], options: SimChatModelCallOptions): SimRequest {
    const system = messages
      .filter((message) => message.getType() === "system")
      .map(messageText)
      .join("\n\n");
    const conversation = messages.filter((message) => message.getType() !== "system");
    return {
      system,
      messages: conversation,
      tools: options.tools ?? [],
      toolChoice: forcedToolName(options.tool_choice),
      random: new SeededRandom(`${this.seed}`),
    };
  }
}

/** A rough token count (four characters a token), the same rule the sim-server reports. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function forcedToolName(choice: unknown): string | undefined {
  if (typeof choice === "string") return ["auto", "none", "required", "any"].includes(choice) ? undefined : choice;
  if (choice && typeof choice === "object") {
    const named = choice as { function?: { name?: string }; name?: string };
    return named.function?.name ?? named.name;
  }
  return undefined;
}
