import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { tool, type StructuredToolInterface } from "@langchain/core/tools";
import type { AnyAgentMiddleware } from "langchain";
import { toSystemError, type CallOptions } from "../../llm/model-call.js";
import { assistantBriefing, checkTurn, type CheckedTurn } from "../../agents/assistant-agent.js";
import { nativeProtocol } from "../../agents/native-protocol.js";
import { tracingRunnableConfig, withRunLabels } from "../../llm/run-tracing.js";
import { isModelBehaviorError, ModelBehaviorError } from "../../errors.js";
import { SeededRandom } from "../../util/seeded-random.js";
import type { TaskRecord } from "../../schema/task.js";
import { canonicalJson } from "../../schema/stable-id.js";
import { emptyUsage, mergeUsage, type Message, type ToolCall, type Usage } from "../../schema/trajectory.js";
import { FunctionCatalog } from "../../tools/function-catalog.js";
import { parametersJsonSchema } from "../../tools/json-schema.js";
import { toolErrorResult } from "../../tools/tool-error-result.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { ToolExecutor } from "./tool-executor.js";
import type { TrajectoryUpdate } from "./trajectory-state.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { usageFor } from "./usage-update.js";

/** What the agent factory is given for one task. */
export interface LangChainAgentInput {
  /** The model configured for the assistant role (e.g. `sim`, `anthropic:…`). */
  model: BaseChatModel;
  /** One LangChain tool per function of the task; a call runs the real tool or the simulated tool agent. */
  tools: StructuredToolInterface[];
  /**
   * The system prompt the built-in assistant gets: the tool-use instructions plus the private
   * briefing (sub-tasks and their functions). The simulator needs the briefing to act; with a
   * real model you may use your agent's own prompt instead.
   */
  systemPrompt: string;
  /** The private briefing alone (see {@link assistantBriefing}). */
  briefing: string;
  task: TaskRecord;
  /** Whether several calls in one turn are allowed. */
  parallel: boolean;
  /**
   * Put these in your agent's middleware: they send its model calls through the runner's
   * transport (retries on 429/5xx/timeouts honouring Retry-After, rate limits). Empty when
   * there is no transport (e.g. `simulateTask` without one).
   */
  middleware: AnyAgentMiddleware[];
}

/** Anything that runs like a LangChain agent: `createAgent(...)`, or a compiled LangGraph graph with a `messages` state. */
export interface InvokableAgent {
  invoke(input: { messages: BaseMessage[] }, config?: RunnableConfig): Promise<{ messages: BaseMessage[] }>;
}

export interface LangChainAgentRoleSettings {
  /**
   * Builds the agent for one task, from the task's tools (e.g.
   * `({ model, tools, systemPrompt }) => createAgent({ model, tools, systemPrompt, middleware })`).
   */
  agent: (input: LangChainAgentInput) => InvokableAgent | Promise<InvokableAgent>;
}

/** What the role keeps in `state.meta.assistant` (copied to the record's `meta.roles`). */
export interface LangChainAgentMeta {
  kind: "langchain-agent";
  /** Agent runs so far (one per visit: the first request, and again after each answer to a question). */
  runs: number;
  /** Model turns the agent took, over all runs. */
  turns: number;
}

const AGENT_STEPS_PER_TURN = 8;

/**
 * A LangChain agent as the assistant: each visit runs the agent to its answer. Its tool calls
 * go to the simulated tool agent or the real tools (cached like the tools role's), and its
 * messages become the trajectory: every model turn is checked like the built-in assistant's
 * (known functions, valid arguments, parallel rule), a final answer ends the graph, a question
 * goes to the user. Tool errors the agent's tool node reports become tool-error results.
 * Replaces the `assistant` role: `trajectoryGraph().replaceRole(langchainAgentRole({ agent }))`.
 */
export function langchainAgentRole(settings: LangChainAgentRoleSettings): TrajectoryRole {
  return {
    name: "assistant",
    routes: ["user", "end"],
    async run(state, { model, options, call }) {
      const remaining = options.maxTurns - state.assistantTurns;
      if (remaining <= 0) {
        return { status: "rejected", reason: `turn-limit: no final answer within ${options.maxTurns} assistant turns`, next: "end" };
      }
      const catalog = new FunctionCatalog(state.task.functions);
      const toolModel = options.models.tool;
      const executor = new ToolExecutor(state.task.functions, options, toolModel, {
        ...call,
        role: "tool",
        tracing: withRunLabels(call.tracing, { role: "tool" }),
      });
      const cache = { ...state.toolCache };
      const cacheUpdate: Record<string, string> = {};
      // A tool failure that rejects the trajectory (the simulated tool agent gave up) stops the agent.
      let failure: unknown;
      const stop = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
      const tools = catalog.specs.map((spec) =>
        tool(
          async (args: Record<string, unknown>) => {
            // Once the trajectory is lost, retries (e.g. a tool-retry middleware) run nothing.
            if (failure) throw failure;
            const key = `${spec.name}:${canonicalJson(args)}`;
            const cached = cache[key];
            if (cached !== undefined) return cached;
            try {
              const outcome = await executor.execute(spec.name, args);
              if (outcome.cache) cache[key] = cacheUpdate[key] = outcome.content;
              return outcome.content;
            } catch (error) {
              if (isModelBehaviorError(error)) {
                failure ??= error;
                stop.abort(error);
              }
              throw error;
            }
          },
          { name: spec.name, description: spec.description, schema: parametersJsonSchema(spec) },
        ),
      );
      const briefing = assistantBriefing(state.task);
      const systemPrompt = `${nativeProtocol.systemPrompt({ functions: catalog.specs, parallel: options.parallel })}\n\n${briefing}`;
      const middleware = call.transport ? [await transportMiddleware(call)] : [];
      const agent = await settings.agent({ model, tools, systemPrompt, briefing, task: state.task, parallel: options.parallel, middleware });

      // Ids on the input let the agent's new messages be told apart even if middleware rewrites history.
      const input = nativeProtocol.toModelMessages(state.messages).map((message, index) => {
        message.id = `button-input-${index}`;
        return message;
      });
      const inputIds = new Set(input.map((message) => message.id));
      // Tool-agent tokens spent so far count even when the trajectory is rejected.
      const rejected = (error: unknown, role: string): TrajectoryUpdate => {
        const update = rejectOnModelBehavior(error, role);
        return { ...update, usage: mergeUsage(executor.usage, update.usage as Usage), recovered: executor.recovered, toolCache: cacheUpdate };
      };
      let output: { messages: BaseMessage[] };
      try {
        output = await agent.invoke(
          { messages: input },
          { ...tracingRunnableConfig(call.tracing), signal, recursionLimit: remaining * AGENT_STEPS_PER_TURN + AGENT_STEPS_PER_TURN },
        );
      } catch (error) {
        if (failure) return rejected(failure, "tool");
        if ((error as { name?: string }).name === "GraphRecursionError") {
          return {
            usage: executor.usage,
            recovered: executor.recovered,
            toolCache: cacheUpdate,
            status: "rejected",
            reason: `turn-limit: the agent gave no final answer within ${options.maxTurns} assistant turns`,
            next: "end",
          };
        }
        if (isModelBehaviorError(error)) return rejected(error, "assistant");
        throw error;
      }
      // The agent may have finished without another model call after the failing tool.
      if (failure) return rejected(failure, "tool");
      const produced = newMessages(output.messages, inputIds);
      const converted = convertAgentMessages(produced, {
        catalog,
        parallel: options.parallel,
        random: new SeededRandom(`${options.seed}:${state.task.id}`),
        firstTurn: state.assistantTurns,
      });
      const meta: LangChainAgentMeta = {
        kind: "langchain-agent",
        runs: ((state.meta.assistant as LangChainAgentMeta | undefined)?.runs ?? 0) + 1,
        turns: ((state.meta.assistant as LangChainAgentMeta | undefined)?.turns ?? 0) + converted.turns,
      };
      const common: TrajectoryUpdate = {
        messages: converted.messages,
        assistantTurns: converted.turns,
        usage: mergeUsage(executor.usage, converted.usage),
        recovered: executor.recovered,
        toolCache: cacheUpdate,
        meta: { assistant: meta },
      };
      if (converted.error) return { ...common, ...rejectOnModelBehavior(converted.error, "assistant"), usage: common.usage };
      if (state.assistantTurns + converted.turns > options.maxTurns) {
        return { ...common, status: "rejected", reason: `turn-limit: no final answer within ${options.maxTurns} assistant turns`, next: "end" };
      }
      const last = converted.last;
      if (!last || last.kind === "calls") {
        return { ...common, status: "rejected", reason: "empty-output: the agent stopped without a final answer", next: "end" };
      }
      // As with the built-in native assistant: a question before any tool ran goes to the user.
      const hasCalled = [...state.messages, ...converted.messages].some((message) => message.role === "tool");
      if (last.kind === "question" && !hasCalled) return { ...common, next: "user" };
      return { ...common, status: "accepted", next: "end" };
    },
  };
}

/** Each model call of the agent goes through the transport, as the built-in roles' calls do. */
async function transportMiddleware(call: CallOptions): Promise<AnyAgentMiddleware> {
  const transport = call.transport!;
  // Loaded on first use: the `langchain` entry point (agents, middleware) is only needed with this role.
  const { createMiddleware } = await import("langchain");
  return createMiddleware({
    name: "ButtonTransport",
    wrapModelCall: (request, handler) =>
      transport(async () => {
        try {
          return await handler(request);
        } catch (error) {
          throw toSystemError(error);
        }
      }, { role: call.role ?? "assistant" }),
  });
}

/** The messages the agent added: everything after the last input message it kept. */
function newMessages(messages: BaseMessage[], inputIds: Set<string | undefined>): BaseMessage[] {
  let lastInput = -1;
  messages.forEach((message, index) => {
    if (inputIds.has(message.id)) lastInput = index;
  });
  return messages.slice(lastInput + 1).filter((message) => !inputIds.has(message.id));
}

interface Converted {
  messages: Message[];
  turns: number;
  usage: Usage;
  last?: CheckedTurn;
  /** The first model turn that failed the checks, if any. */
  error?: ModelBehaviorError;
}

/**
 * The agent's AI and tool messages in canonical form: call ids become the same seeded
 * nine-character ids the built-in assistant gives (the strictest chat templates need them),
 * and a tool message the tool node marked as an error becomes a tool-error result.
 */
function convertAgentMessages(
  produced: BaseMessage[],
  context: { catalog: FunctionCatalog; parallel: boolean; random: SeededRandom; firstTurn: number },
): Converted {
  const messages: Message[] = [];
  const ids = new Map<string, string>();
  let usage = emptyUsage();
  let turns = 0;
  let last: CheckedTurn | undefined;
  for (const message of produced) {
    if (AIMessage.isInstance(message)) {
      const spent = message.usage_metadata;
      usage = mergeUsage(usage, usageFor("assistant", { prompt: spent?.input_tokens ?? 0, completion: spent?.output_tokens ?? 0 }));
      turns += 1;
      let checked: CheckedTurn;
      try {
        checked = checkTurn(nativeProtocol.parse(message), context.catalog, context.parallel);
      } catch (error) {
        if (isModelBehaviorError(error)) return { messages, turns, usage, last, error };
        throw error;
      }
      last = checked;
      if (checked.kind === "calls") {
        const toolCalls: ToolCall[] = checked.calls.map((entry, index) => {
          const id = context.random.token(9, context.firstTurn + turns - 1, index);
          const original = message.tool_calls?.[index]?.id;
          if (original) ids.set(original, id);
          return { id, type: "function", function: { name: entry.name, arguments: JSON.stringify(entry.arguments) } };
        });
        messages.push({ role: "assistant", content: checked.thought, tool_calls: toolCalls });
      } else if (checked.kind === "question") {
        messages.push({ role: "assistant", content: checked.text });
      } else {
        messages.push({ role: "assistant", content: checked.answer, ...(checked.thought ? { thought: checked.thought } : {}) });
      }
    } else if (ToolMessage.isInstance(message)) {
      const text = typeof message.content === "string" ? message.content : message.text;
      const content = message.status === "error" ? JSON.stringify(toolErrorResult("execution_error", errorText(text))) : text;
      messages.push({
        role: "tool",
        tool_call_id: ids.get(message.tool_call_id) ?? message.tool_call_id,
        ...(message.name ? { name: message.name } : {}),
        content,
      });
    }
    // Other messages (a middleware's notes) are not part of the conversation a model is trained on.
  }
  return { messages, turns, usage, last };
}

/** The tool node writes "Error: <message>\n Please fix your mistakes."; keep the message. */
function errorText(text: string): string {
  return text.split("\n")[0]!.replace(/^Error:\s*/, "").trim() || "the tool failed";
}
