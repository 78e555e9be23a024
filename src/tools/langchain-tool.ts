import type { RunnableConfig } from "@langchain/core/runnables";
import { isStructuredTool, ToolInputParsingException, type StructuredToolInterface } from "@langchain/core/tools";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { fromOpenAITool, openAIToolSchema, type FunctionSpec, type PropertySpec } from "../schema/function-spec.js";
import { UserError } from "../errors.js";
import { toolErrorResult, type ToolErrorResult } from "./tool-error-result.js";

/** A LangChain tool (`tool()`, `StructuredTool`, `DynamicStructuredTool`) used as a real tool. */
export type LangChainTool = StructuredToolInterface;

/** True for a LangChain structured tool (as opposed to a `realTool` definition). */
export function isLangChainTool(value: unknown): value is LangChainTool {
  return isStructuredTool(value as Parameters<typeof isStructuredTool>[0]);
}

/**
 * The BUTTON function spec of a LangChain tool: name, description, and parameters from its
 * zod or JSON schema. A tool declares no result shape, so `responses` is whatever you pass
 * (empty means any JSON object is accepted as a result).
 */
export function functionSpecFromTool(tool: LangChainTool, options: { responses?: Record<string, PropertySpec> } = {}): FunctionSpec {
  const openAI = openAIToolSchema.safeParse(convertToOpenAITool(tool));
  if (!openAI.success) {
    throw new UserError(`Tool '${tool.name}' has a schema that is not a JSON object of parameters; give it a zod object or an object JSON schema.`, {
      code: "invalid-config",
      field: "tools",
    });
  }
  const spec = fromOpenAITool(openAI.data);
  return { ...spec, responses: options.responses ?? {} };
}

/**
 * Run a LangChain tool on one call's arguments. Its output becomes a result object (a JSON
 * object as it is; any other value as `{ "result": value }`); an error it throws becomes a
 * tool-error result the assistant sees, so the trajectory shows the failure and the recovery.
 * Only cancellation is re-thrown.
 */
export async function runLangChainTool(
  tool: LangChainTool,
  args: Record<string, unknown>,
  config: RunnableConfig = {},
): Promise<Record<string, unknown> | ToolErrorResult> {
  let output: unknown;
  try {
    output = await tool.invoke(args, config);
  } catch (error) {
    if (config.signal?.aborted) throw error;
    if (error instanceof ToolInputParsingException) return toolErrorResult("invalid_argument", firstLine(error.message));
    return toolErrorResult("execution_error", firstLine(error instanceof Error ? error.message : String(error)));
  }
  return resultObject(output);
}

function resultObject(output: unknown): Record<string, unknown> {
  let value = messageContent(output);
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("{")) {
      try {
        value = JSON.parse(text);
      } catch {
        // Not JSON after all: keep the text.
      }
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value ?? null };
}

/** A tool may return a ToolMessage; its content is the result. */
function messageContent(output: unknown): unknown {
  if (output && typeof output === "object" && "content" in output && "tool_call_id" in output) return (output as { content: unknown }).content;
  return output;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim() || "the tool failed";
}
