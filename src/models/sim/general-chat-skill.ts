import { messageText, type BoundTool, type SimReply, type SimRequest, type SimSkill } from "./sim-request.js";

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  format?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
};

/**
 * The simulator's answer to prompts that are not this library's own: what any OpenAI client may
 * send to `button sim-server`. It only serves there (the library's own runs keep failing loudly
 * on a prompt the simulator does not know, so a broken prompt is never papered over):
 * - after tool results: a final answer that restates them;
 * - with tools offered: one call to the tool that best fits the last user message, with
 *   arguments valid for its JSON schema, filled from the message where it holds a fitting value;
 * - otherwise: a short deterministic reply that quotes the request.
 */
export const generalChatSkill: SimSkill = {
  name: "general-chat",
  matches: () => true,
  respond(request) {
    const last = request.messages.at(-1);
    if (last?.getType() === "tool") return finalAnswer(request);
    const userText = lastUserText(request);
    if (request.tools.length > 0) {
      const tool = request.toolChoice ? request.tools.find((candidate) => candidate.function.name === request.toolChoice) : bestTool(request.tools, userText);
      if (tool) return { content: "", toolCalls: [{ name: tool.function.name, args: argumentsFor(tool, userText) }] };
    }
    const quoted = userText.length > 160 ? `${userText.slice(0, 157)}...` : userText;
    return { content: quoted ? `This is the offline simulator. You asked: "${quoted}". A real model would answer here.` : "This is the offline simulator. How can I help?" };
  },
};

function lastUserText(request: SimRequest): string {
  const user = [...request.messages].reverse().find((message) => message.getType() === "human");
  return user ? messageText(user).trim() : "";
}

/** Restate the results since the last assistant turn: "get_weather: temperature 21, condition sunny". */
function finalAnswer(request: SimRequest): SimReply {
  const results: string[] = [];
  // Results name their call by id; the calling turn before them names the function.
  const names = new Map<string, string>();
  for (const message of request.messages) {
    for (const call of (message as { tool_calls?: Array<{ id?: string; name: string }> }).tool_calls ?? []) if (call.id) names.set(call.id, call.name);
  }
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index]!;
    if (message.getType() !== "tool") break;
    const name = (message as { name?: string }).name ?? names.get((message as { tool_call_id?: string }).tool_call_id ?? "");
    results.unshift(`${name ? `${name}: ` : ""}${describe(messageText(message))}`);
  }
  return { content: `Here is what I found. ${results.join("; ")}.` };
}

function describe(text: string): string {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value)
        .map(([key, item]) => `${key.replace(/_/g, " ")} ${typeof item === "object" ? JSON.stringify(item) : String(item)}`)
        .join(", ");
    }
    return JSON.stringify(value);
  } catch {
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  }
}

/** The tool whose name and description share the most words with the request (ties: the first offered). */
function bestTool(tools: BoundTool[], text: string): BoundTool {
  const words = new Set(wordsOf(text));
  let best = tools[0]!;
  let bestScore = -1;
  for (const tool of tools) {
    const score = wordsOf(`${tool.function.name} ${tool.function.description ?? ""}`).filter((word) => words.has(word)).length;
    if (score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return best;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 2)
    .map((word) => word.replace(/s$/, ""));
}

function argumentsFor(tool: BoundTool, text: string): Record<string, unknown> {
  const schema = (tool.function.parameters ?? { type: "object", properties: {} }) as JsonSchema;
  const value = valueFor(schema, "arguments", text, new Set());
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A value valid for `schema`, taken from the request text where one fits. `used` keeps two fields from taking the same text. */
function valueFor(schema: JsonSchema, name: string, text: string, used: Set<string>): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum.find((option) => typeof option === "string" && text.toLowerCase().includes(option.toLowerCase())) ?? schema.enum[0];
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) return valueFor(variants.find((variant) => variant.type !== "null") ?? variants[0]!, name, text, used);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? (schema.properties ? "object" : "string")];
  const type = types.find((candidate) => candidate !== "null") ?? "null";
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
        const found = required.has(field) ? valueFor(fieldSchema, field, text, used) : fromText(fieldSchema, field, text, used);
        if (found !== undefined) out[field] = found;
      }
      return out;
    }
    case "array": {
      const count = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: count }, () => valueFor(schema.items ?? { type: "string" }, name, text, used));
    }
    case "null":
      return null;
    default:
      return fromText(schema, name, text, used) ?? fallback(schema, type, name);
  }
}

/** A scalar for the field found in the text: a number for numeric fields, a date, a quoted or capitalised phrase. */
function fromText(schema: JsonSchema, name: string, text: string, used: Set<string>): unknown {
  const type = (Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== "null") : schema.type) ?? "string";
  if (Array.isArray(schema.enum)) return schema.enum.find((option) => typeof option === "string" && text.toLowerCase().includes(option.toLowerCase()));
  const take = (value: string | undefined): string | undefined => {
    if (value === undefined || used.has(value)) return undefined;
    used.add(value);
    return value;
  };
  if (type === "number" || type === "integer") {
    for (const match of text.matchAll(/-?\d+(?:\.\d+)?/g)) {
      const number = Number(match[0]);
      if (type === "integer" && !Number.isInteger(number)) continue;
      if ((schema.minimum !== undefined && number < schema.minimum) || (schema.maximum !== undefined && number > schema.maximum)) continue;
      if (take(match[0]) !== undefined) return number;
    }
    return undefined;
  }
  if (type === "boolean") return undefined;
  if (type !== "string") return undefined;
  if (schema.format === "date" || /date/i.test(name)) {
    const date = take(/\b\d{4}-\d{2}-\d{2}\b/.exec(text)?.[0]);
    if (date) return date;
  }
  const quoted = /["“']([^"”']{2,80})["”']/.exec(text)?.[1];
  if (take(quoted)) return quoted;
  // A run of capitalised words not at the start of a sentence: a name or place ("Paris", "New York").
  for (const match of text.matchAll(/(?<=[a-z,;:]\s)([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)/g)) {
    if (take(match[1]) !== undefined) return match[1];
  }
  return undefined;
}

function fallback(schema: JsonSchema, type: string, name: string): unknown {
  if (schema.default !== undefined) return schema.default;
  switch (type) {
    case "integer":
    case "number": {
      let value = 1;
      if (schema.minimum !== undefined && value < schema.minimum) value = type === "integer" ? Math.ceil(schema.minimum) : schema.minimum;
      if (schema.maximum !== undefined && value > schema.maximum) value = type === "integer" ? Math.floor(schema.maximum) : schema.maximum;
      return value;
    }
    case "boolean":
      return true;
    default: {
      if (schema.format === "date") return "2025-01-01";
      if (schema.format === "date-time") return "2025-01-01T00:00:00Z";
      if (schema.format === "email") return "user@example.com";
      const text = name.replace(/_/g, " ");
      return text.length >= (schema.minLength ?? 0) ? text : text.padEnd(schema.minLength!, "x");
    }
  }
}
