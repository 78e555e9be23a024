import type { OpenAITool, PropertySpec } from "../schema/function-spec.js";
import type { Message } from "../schema/trajectory.js";

/**
 * Minimal tool definitions recovered from the calls a conversation makes, for datasets that do
 * not ship their tool schemas (τ-bench defines them in Python code). Each parameter gets the
 * JSON type seen in the calls (left open when calls disagree); `required` lists the parameters
 * present in every call. Records built this way carry `meta.tools_inferred = true`, and the
 * `tools-declared` check warns about them.
 */
export function inferToolsFromCalls(messages: readonly Message[]): OpenAITool[] {
  const seen = new Map<string, { calls: number; parameters: Map<string, { count: number; types: Set<string> }> }>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.tool_calls ?? []) {
      const entry = seen.get(call.function.name) ?? { calls: 0, parameters: new Map() };
      seen.set(call.function.name, entry);
      entry.calls++;
      let args: unknown;
      try {
        args = JSON.parse(call.function.arguments || "{}");
      } catch {
        continue;
      }
      if (!args || typeof args !== "object" || Array.isArray(args)) continue;
      for (const [name, value] of Object.entries(args)) {
        const parameter = entry.parameters.get(name) ?? { count: 0, types: new Set<string>() };
        entry.parameters.set(name, parameter);
        parameter.count++;
        parameter.types.add(jsonType(value));
      }
    }
  }
  return [...seen.entries()].map(([name, entry]) => {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [parameter, info] of entry.parameters) {
      const types = [...info.types].filter((type) => type !== "null");
      properties[parameter] = types.length === 1 ? { type: types[0] } : {};
      if (info.count === entry.calls) required.push(parameter);
    }
    return { type: "function", function: { name, description: "", parameters: { type: "object", properties, required } } };
  });
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
