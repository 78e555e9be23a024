import type { CallOptions } from "../llm/model-call.js";
import { HumanMessage, SystemMessage, type AIMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ModelBehaviorError } from "../errors.js";
import type { FunctionSpec } from "../schema/function-spec.js";
import { resultProblems } from "../tools/json-schema.js";
import { withCorrectiveRetries, type CorrectiveResult } from "../llm/corrective-retry.js";

/** The tool agent sees one function's definition and one call — nothing of the task or dialogue. */
export function toolAgentPrompt(spec: FunctionSpec): string {
  return [
    "You simulate the backend of one function of a software system.",
    "You receive a call to the function below and return what the real system would return.",
    "Rules:",
    "- Reply with one JSON object and nothing else: exactly the fields listed under \"responses\", with the declared types.",
    "- Values must be realistic, specific and consistent with the call's arguments (dates, names, amounts, ids).",
    "- The call always succeeds.",
    "<function>",
    JSON.stringify(spec),
    "</function>",
  ].join("\n");
}

export function toolCallPrompt(name: string, args: Record<string, unknown>): string {
  return `<call>${JSON.stringify({ name, arguments: args })}</call>`;
}

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
  const json = extractJsonObject(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ModelBehaviorError("unparseable-output", "Your reply is not a JSON object. Reply with the result object only.", {
      output: text,
    });
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ModelBehaviorError("unparseable-output", "The result must be a JSON object, not a list or a plain value.", {
      output: text,
    });
  }
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

/** Models often wrap JSON in fences or prose; take the outermost object. */
function extractJsonObject(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = fenced ? fenced[1]!.trim() : text;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}
