import type { CallOptions } from "../llm/model-call.js";
import { SystemMessage, type AIMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import type { FunctionCatalog } from "../tools/function-catalog.js";
import type { AssistantProtocol } from "./assistant-protocol.js";
import type { AssistantTurn, CheckedTurn } from "../schema/assistant-turn.js";
import { assistantBriefing } from "./prompts/assistant-prompt.js";
import { checkTurnBehaviour } from "./assistant-turn-checks.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";

/** A turn whose calls have been checked: known functions, arguments valid against their schema. */
export type { CheckedTurn };

export { assistantBriefing };

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
    interpret: (reply: AIMessage) => {
      const turn = checkTurn(protocol.parse(reply), catalog, parallel);
      checkTurnBehaviour(turn, { task: input.task, catalog, messages: input.messages });
      return turn;
    },
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
