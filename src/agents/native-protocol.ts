import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import { toOpenAITool, type FunctionSpec } from "../schema/function-spec.js";
import type { Message } from "../schema/trajectory.js";
import { PARALLEL_OFF_SENTENCE, PARALLEL_ON_SENTENCE } from "../formats/button-system-prompt.js";
import { parametersJsonSchema } from "../tools/json-schema.js";
import type { AssistantProtocol } from "./assistant-protocol.js";
import type { AssistantTurn } from "../schema/assistant-turn.js";
import type { ChatRunnable } from "../llm/model-call.js";

/**
 * The `native` protocol: tools are bound to the model and it answers with OpenAI-style
 * `tool_calls`; its message text carries the observation and thought.
 */
export const nativeProtocol: AssistantProtocol = {
  name: "native",

  systemPrompt({ parallel }) {
    return [
      "You are an expert in using functions (i.e., tools) to solve users' tasks.",
      "In every reply, first write your observation and thought on the user's task, the current situation, and what you plan to do next.",
      "Then either call functions through the tool-calling interface, with arguments that obey each function's parameters,",
      "or, when the task is complete, reply without calling any function: your thought, then a line starting with 'Final answer:' and a detailed final answer that summarises the results for the user.",
      parallel ? PARALLEL_ON_SENTENCE : PARALLEL_OFF_SENTENCE,
    ].join("\n");
  },

  prepareModel(model: BaseChatModel, functions, parallel): ChatRunnable {
    if (typeof model.bindTools !== "function") {
      throw new Error(`Model '${model.getName()}' cannot bind tools; use the 'tagged' protocol instead.`);
    }
    // Every assistant turn of a task binds the same tools. ChatOpenAI's bindTools builds a new
    // ChatOpenAI (and, on its first call, a new OpenAI client) each time, so the bound model is
    // kept for the task's functions (held weakly: it goes when the task does).
    let byFunctions = boundModels.get(model);
    if (!byFunctions) boundModels.set(model, (byFunctions = new WeakMap()));
    let byParallel = byFunctions.get(functions);
    if (!byParallel) byFunctions.set(functions, (byParallel = new Map()));
    let bound = byParallel.get(parallel);
    if (!bound) byParallel.set(parallel, (bound = bindFunctions(model, functions, parallel)));
    return bound;
  },

  toModelMessages(messages: Message[]): BaseMessage[] {
    return messages.flatMap((message): BaseMessage[] => {
      switch (message.role) {
        case "user":
          return [new HumanMessage(message.content)];
        case "assistant":
          return [
            new AIMessage({
              content: message.content ?? "",
              tool_calls: (message.tool_calls ?? []).map((call) => ({
                id: call.id,
                name: call.function.name,
                args: parseObject(call.function.arguments),
                type: "tool_call" as const,
              })),
            }),
          ];
        case "tool":
          return [new ToolMessage({ content: message.content, tool_call_id: message.tool_call_id })];
        default:
          return [];
      }
    });
  },

  parse(output: AIMessage): AssistantTurn {
    const text = typeof output.content === "string" ? output.content : output.text;
    const invalid = output.invalid_tool_calls ?? [];
    if (invalid.length > 0) {
      throw new ModelBehaviorError(
        "unparseable-output",
        `The arguments of your call to '${invalid[0]!.name ?? "?"}' are not valid JSON. Call it again with a JSON object.`,
        { output: text },
      );
    }
    const calls = output.tool_calls ?? [];
    if (calls.length > 0) {
      return { kind: "calls", thought: text.trim(), calls: calls.map((call) => ({ name: call.name, arguments: call.args })) };
    }
    const trimmed = text.trim();
    if (trimmed === "") {
      throw new ModelBehaviorError("empty-output", "Your reply was empty. Call a function or write the final answer.");
    }
    const marked = splitFinalAnswer(trimmed);
    if (marked) return { kind: "final", thought: marked.thought, answer: marked.answer };
    if (trimmed.endsWith("?") && !/\n/.test(trimmed.slice(-200))) return { kind: "question", text: trimmed };
    // Without the marker the whole reply is the answer; its thought is unknown (BUTTON export says so).
    return { kind: "final", thought: "", answer: trimmed };
  },
};

const boundModels = new WeakMap<BaseChatModel, WeakMap<readonly FunctionSpec[], Map<boolean, ChatRunnable>>>();

function bindFunctions(model: BaseChatModel, functions: readonly FunctionSpec[], parallel: boolean): ChatRunnable {
  const tools = functions.map((spec) => {
    const tool = toOpenAITool(spec);
    return { ...tool, function: { ...tool.function, parameters: parametersJsonSchema(spec) } };
  });
  // parallel_tool_calls is only sent when tools exist; OpenAI rejects it otherwise.
  const kwargs = tools.length > 0 ? { parallel_tool_calls: parallel } : {};
  return model.bindTools!(tools, kwargs as never) as ChatRunnable;
}

/** "thought … Final answer: answer" → its two parts; undefined when the marker is absent. */
export function splitFinalAnswer(text: string): { thought: string; answer: string } | undefined {
  const match = /(^|\n)\s*(?:\*\*)?final answer(?:\*\*)?\s*:(?:\*\*)?\s*/i.exec(text);
  if (!match) return undefined;
  const answer = text.slice(match.index + match[0].length).trim();
  if (answer === "") return undefined;
  return { thought: text.slice(0, match.index).trim(), answer };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
