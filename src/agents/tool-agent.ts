import type { CallOptions } from "../llm/model-call.js";
import { HumanMessage, SystemMessage, type AIMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { FunctionSpec } from "../schema/function-spec.js";
import { coerceToSchema } from "../tools/coerce-to-schema.js";
import { resultProblems, responsesJsonSchema } from "../tools/json-schema.js";
import { parseLenientJson } from "../tools/lenient-json.js";
import { toolAgentPrompt, toolCallPrompt } from "./prompts/tool-prompt.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";

export { toolAgentPrompt, toolCallPrompt };

export async function runToolAgent(input: {
  model: BaseChatModel;
  spec: FunctionSpec;
  arguments: Record<string, unknown>;
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<Record<string, unknown>>> {
  return withCorrectiveRetries({
    model: input.model,
    messages: [new SystemMessage(toolAgentPrompt(input.spec)), new HumanMessage(toolCallPrompt(input.spec.name, input.arguments))],
    maxRetries: input.maxRetries,
    call: input.call,
    interpret: (reply) => parseToolResult(reply, input.spec),
  });
}

export function parseToolResult(reply: AIMessage, spec: FunctionSpec): Record<string, unknown> {
  const text = (typeof reply.content === "string" ? reply.content : reply.text).trim();
  // Fences, a sentence around the JSON, single quotes and comments are repaired, not retried.
  let value = parseLenientJson(text)?.value;
  if (value === undefined) {
    throw new ModelBehaviorError("unparseable-output", "Your reply is not a JSON object. Reply with the result object only.", {
      output: text,
    });
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ModelBehaviorError("unparseable-output", "The result must be a JSON object, not a list or a plain value.", {
      output: text,
    });
  }
  if (resultProblems(spec, value).length > 0) value = coerceToSchema(value, responsesJsonSchema(spec));
  const problems = resultProblems(spec, value);
  if (problems.length > 0) {
    throw new ModelBehaviorError(
      "invalid-result",
      `The result does not fit the responses of '${spec.name}': ${problems.join("; ")}. Expected fields: ${Object.keys(spec.responses).join(", ")}.`,
      { output: text },
    );
  }
  return value as Record<string, unknown>;
}
