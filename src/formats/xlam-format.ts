import { UserError } from "../errors.js";
import type { OpenAITool, PropertySpec } from "../schema/function-spec.js";
import type { Message } from "../schema/trajectory.js";
import { sequentialCallId } from "./call-ids.js";
import { argumentsText, finishRecord } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";

/**
 * xLAM function-calling-60k (APIGen): `{query, tools, answers}` with `tools` and `answers` as JSON
 * strings, and the LMFlow text form `User: … Available tools: […] <|call_function:NAME|>{args}</|end_function|>`.
 * xLAM parameters are `{type, description, default}` with Python type names ("str",
 * "int, optional", "List[int]"); they become JSON Schema, and a parameter is required unless its
 * type says "optional" or it has a default. These records are single-step annotations (a query and its calls, with
 * no tool results and no final answer), so they read as one call turn and the trajectory checks
 * reject them for exactly those missing parts.
 */
export const xlamFormat: RecordFormat = {
  name: "xlam",
  description: "xLAM / APIGen {query, tools, answers} and its LMFlow text form",

  detect(value) {
    if (!isObject(value)) return false;
    if (typeof value.query === "string" && "answers" in value && "tools" in value) return true;
    return typeof value.text === "string" && value.text.startsWith("User: ") && value.text.includes("\nAvailable tools: ");
  },

  read(value, location = {}) {
    if (!isObject(value)) throw new UserError("an xLAM record must be a JSON object", location);
    const parts = typeof value.text === "string" ? splitText(value.text, location) : { query: value.query, tools: value.tools, answers: value.answers };
    if (typeof parts.query !== "string") throw new UserError("missing 'query' text", { ...location, field: "query" });
    const tools = xlamTools(parseJson(parts.tools, "tools", location), location);
    const answers = parseJson(parts.answers, "answers", location);
    if (!Array.isArray(answers)) throw new UserError("'answers' must be a JSON list of {name, arguments}", { ...location, field: "answers" });
    const messages: Message[] = [{ role: "user", content: parts.query }];
    if (answers.length > 0) {
      messages.push({
        role: "assistant",
        content: "",
        tool_calls: answers.map((answer, index) => {
          if (!isObject(answer) || typeof answer.name !== "string") {
            throw new UserError("each answer needs a 'name' and 'arguments'", { ...location, field: `answers.${index}` });
          }
          return { id: sequentialCallId(index), type: "function", function: { name: answer.name, arguments: argumentsText(answer.arguments) } };
        }),
      });
    }
    const key = value.id ?? value.source_index ?? value.index;
    const id = key !== undefined ? `xlam-${String(key)}` : undefined;
    return finishRecord({ id, messages, tools, meta: { source: "xlam" } }, location);
  },
};

function splitText(text: string, location: RecordLocation): { query: string; tools: string; answers: unknown[] } {
  const toolsAt = text.indexOf("\nAvailable tools: ");
  const rest = text.slice(toolsAt + "\nAvailable tools: ".length);
  const firstCall = rest.indexOf("<|call_function:");
  const tools = (firstCall < 0 ? rest : rest.slice(0, firstCall)).trim();
  const answers: unknown[] = [];
  const pattern = /<\|call_function:([^|]+)\|>([\s\S]*?)<\/\|end_function\|>/g;
  for (const match of rest.matchAll(pattern)) {
    answers.push({ name: match[1], arguments: parseJson(match[2], "text", location) });
  }
  return { query: text.slice("User: ".length, toolsAt), tools, answers };
}

function parseJson(input: unknown, field: string, location: RecordLocation): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    throw new UserError(`'${field}' is not valid JSON`, { ...location, field });
  }
}

function xlamTools(input: unknown, location: RecordLocation): OpenAITool[] {
  if (!Array.isArray(input)) throw new UserError("'tools' must be a JSON list", { ...location, field: "tools" });
  return input.map((tool, index) => {
    if (!isObject(tool) || typeof tool.name !== "string") throw new UserError("each tool needs a 'name'", { ...location, field: `tools.${index}` });
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [name, raw] of Object.entries(isObject(tool.parameters) ? tool.parameters : {})) {
      const spec = isObject(raw) ? raw : {};
      const typeText = typeof spec.type === "string" ? spec.type : "";
      const { type: _type, ...others } = spec;
      properties[name] = { ...others, ...pythonType(typeText) };
      // A parameter with a default can be left out, like one whose type says "optional".
      if (!/optional/i.test(typeText) && !("default" in spec && spec.default !== "" && spec.default !== null)) required.push(name);
    }
    return {
      type: "function",
      function: {
        name: tool.name,
        description: typeof tool.description === "string" ? tool.description : "",
        parameters: { type: "object", properties, required },
      },
    };
  });
}

/** "int, optional" → {type:"integer"}; "List[str]" → {type:"array", items:{type:"string"}}; unions stay open. */
export function pythonType(text: string): PropertySpec {
  const base = text.replace(/,\s*optional/i, "").trim();
  const simple: Record<string, string> = { str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array" };
  if (simple[base.toLowerCase()]) return { type: simple[base.toLowerCase()] };
  const list = /^(?:list|List|Sequence|Tuple|tuple)\[(.+)\]$/.exec(base);
  if (list) return { type: "array", items: pythonType(list[1]!) };
  if (/^(?:dict|Dict)\[/.test(base)) return { type: "object" };
  return {};
}
