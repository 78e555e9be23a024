import type { OpenAITool, PropertySpec } from "../schema/function-spec.js";
import { propertyToJsonSchema } from "../tools/json-schema.js";

/**
 * Tool definitions as training exports write them: parameter types normalised to JSON Schema
 * (`str` → `string`, `dict` → `object`), and every function and parameter described, because
 * Hermes' chat template concatenates `description` and raises when one is missing. A missing
 * description is filled from the name (`user_id` → "User id."). BUTTON-only `responses` are left out.
 */
export function trainingTools(tools: readonly OpenAITool[]): OpenAITool[] {
  return tools.map((tool) => {
    const { responses: _responses, ...fn } = tool.function;
    const parameters = fn.parameters ?? {};
    const properties = Object.fromEntries(
      Object.entries(parameters.properties ?? {}).map(([name, property]) => [name, describedProperty(name, property)]),
    );
    return {
      type: "function",
      function: {
        ...fn,
        description: nonEmpty(fn.description) ?? sentenceFromName(fn.name),
        parameters: { ...parameters, type: "object", properties, required: parameters.required ?? [] },
      },
    };
  });
}

function describedProperty(name: string, property: PropertySpec): PropertySpec {
  const schema = propertyToJsonSchema(property) as PropertySpec;
  return { ...schema, description: nonEmpty(property.description) ?? sentenceFromName(name) };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== "" ? text : undefined;
}

/** `get_user_details` / `getUserDetails` → "Get user details." */
export function sentenceFromName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  if (words === "") return "No description given.";
  return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
}
