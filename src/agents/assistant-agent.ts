import type { CallOptions } from "../llm/model-call.js";
import { SystemMessage, type AIMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import type { FunctionCatalog } from "../tools/function-catalog.js";
import type { AssistantProtocol } from "./assistant-protocol.js";
import type { AssistantTurn } from "../schema/assistant-turn.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";
import { unservedGuidance } from "./negative-briefing.js";

/** A turn whose calls have been checked: known functions, arguments valid against their schema. */
export type CheckedTurn =
  | { kind: "calls"; thought: string; calls: { name: string; arguments: Record<string, unknown> }[] }
  | { kind: "final"; thought: string; answer: string }
  | { kind: "question"; text: string };

/**
 * The privileged briefing: the assistant is told the sub-tasks and their functions so it can
 * plan. It is appended to the model's system prompt only; training records keep the public part.
 */
export function assistantBriefing(task: TaskRecord): string {
  const subtasks = task.subtasks.map((subtask) => ({
    id: subtask.id,
    text: subtask.text,
    depends_on: subtask.depends_on,
    functions: subtask.functions,
    ...(subtask.unserved ? { unserved: true } : {}),
  }));
  return [
    "## Private briefing (for your planning only; never mention it to the user)",
    "The user's task breaks down into the sub-tasks below. The functions listed for a sub-task are the ones that serve it;",
    "a sub-task with no functions is reasoning (comparison, arithmetic, a decision) that you do yourself from earlier results.",
    "<subtasks>",
    JSON.stringify(subtasks),
    "</subtasks>",
    ...unservedGuidance(task),
    "On your first turn, include a numbered step-by-step plan in your thought.",
    "Fill arguments only with values the user gave or that earlier function results returned; never invent them.",
    "If a value you need is missing and no function can provide it, ask the user one short question, ending with '?', and call nothing.",
    "If a function returns an error instead of a result, say so in your thought and recover: retry a timeout or rate limit, correct arguments that were rejected, or tell the user what could not be done.",
  ].join("\n");
}

export interface AssistantTurnInput {
  model: BaseChatModel;
  protocol: AssistantProtocol;
  task: TaskRecord;
  catalog: FunctionCatalog;
  /** The conversation so far, without the system message. */
  messages: Message[];
  parallel: boolean;
  maxRetries: number;
  call?: CallOptions;
}

export async function runAssistantTurn(input: AssistantTurnInput): Promise<CorrectiveResult<CheckedTurn>> {
  const { protocol, catalog, parallel } = input;
  const system = `${protocol.systemPrompt({ functions: catalog.specs, parallel })}\n\n${assistantBriefing(input.task)}`;
  const model = protocol.prepareModel(input.model, catalog.specs, parallel);
  return withCorrectiveRetries({
    model,
    messages: [new SystemMessage(system), ...protocol.toModelMessages(input.messages)],
    maxRetries: input.maxRetries,
    call: input.call,
    interpret: (reply: AIMessage) => checkTurn(protocol.parse(reply), catalog, parallel),
  });
}

export function checkTurn(turn: AssistantTurn, catalog: FunctionCatalog, parallel: boolean): CheckedTurn {
  if (turn.kind !== "calls") return turn;
  if (!parallel && turn.calls.length > 1) {
    throw new ModelBehaviorError(
      "parallel-disallowed",
      `You called ${turn.calls.length} functions at once, but parallel calling is off. Call one function at a time and wait for its result.`,
    );
  }
  return {
    kind: "calls",
    thought: turn.thought,
    calls: turn.calls.map((call) => ({ name: call.name, arguments: catalog.checkCall(call.name, call.arguments) })),
  };
}
