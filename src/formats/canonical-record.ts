import { UserError } from "../errors.js";
import { openAIToolSchema, type OpenAITool } from "../schema/function-spec.js";
import { stableId } from "../schema/stable-id.js";
import { trajectorySchema, type Message, type TrajectoryRecord } from "../schema/trajectory.js";
import { isObject, type RecordLocation } from "./record-format.js";

/** What a reader has assembled before the record gets its ids and is checked against the schema. */
export interface RecordDraft {
  id?: unknown;
  task_id?: unknown;
  messages: Message[];
  tools: OpenAITool[];
  parallel_tool_calls?: boolean;
  verdicts?: unknown;
  usage?: unknown;
  reason?: unknown;
  meta?: Record<string, unknown>;
}

/**
 * Finish a reader's draft: fill `id` and `task_id` when the source has none (stable hashes of the
 * content, so re-reading gives the same ids), give tool messages the name of the call they answer,
 * infer `parallel_tool_calls` when absent (true if any turn makes several calls), and validate
 * against the trajectory schema, reporting the first bad field.
 */
export function finishRecord(draft: RecordDraft, location: RecordLocation = {}): TrajectoryRecord {
  const messages = nameToolMessages(draft.messages);
  const firstUser = messages.find((message) => message.role === "user")?.content ?? "";
  const parallel =
    draft.parallel_tool_calls ??
    messages.some((message) => message.role === "assistant" && (message.tool_calls?.length ?? 0) > 1);
  const candidate = {
    ...draft,
    id: typeof draft.id === "string" && draft.id !== "" ? draft.id : stableId("r", { messages, tools: draft.tools }),
    task_id:
      typeof draft.task_id === "string" && draft.task_id !== ""
        ? draft.task_id
        : stableId("t", { request: firstUser, tools: draft.tools.map((tool) => tool.function.name) }),
    messages,
    parallel_tool_calls: parallel,
    verdicts: draft.verdicts ?? [],
    meta: draft.meta ?? {},
  };
  const parsed = trajectorySchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${issue.message}. Fix this field or re-export the record.`, {
      ...location,
      field: issue.path.map(String).join(".") || undefined,
    });
  }
  return parsed.data;
}

function nameToolMessages(messages: Message[]): Message[] {
  const names = new Map<string, string>();
  return messages.map((message) => {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
    if (message.role === "tool" && message.name === undefined && names.has(message.tool_call_id)) {
      return { ...message, name: names.get(message.tool_call_id) };
    }
    return message;
  });
}

/**
 * Tool definitions in any of the common shapes — OpenAI `{type:"function", function}`, a bare
 * `{name, description, parameters}` function, or a JSON string holding a list of those — as
 * OpenAI tools. `field` names the source field for errors.
 */
export function readToolList(input: unknown, field: string, location: RecordLocation = {}): OpenAITool[] {
  let list = input;
  if (input === undefined || input === null || input === "") return [];
  if (typeof input === "string") {
    try {
      list = JSON.parse(input);
    } catch {
      throw new UserError("the tool list is a string but not valid JSON; write it as a JSON list of function definitions", {
        ...location,
        field,
      });
    }
  }
  if (isObject(list)) list = [list];
  if (!Array.isArray(list)) {
    throw new UserError("the tool list must be a JSON list of function definitions", { ...location, field });
  }
  return list.map((entry, index) => {
    const fn = isObject(entry) && entry.type === "function" && isObject(entry.function) ? entry.function : entry;
    const parsed = openAIToolSchema.safeParse({ type: "function", function: withObjectParameters(fn) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UserError(`invalid function definition: ${issue.message}`, {
        ...location,
        field: [field, index, ...issue.path.filter((part) => part !== "function").map(String)].join("."),
      });
    }
    return normaliseParametersObject(parsed.data);
  });
}

/** Some datasets (ToolACE) write the Python name "dict" for the parameters object. */
function withObjectParameters(fn: unknown): unknown {
  if (!isObject(fn) || !isObject(fn.parameters)) return fn;
  const type = fn.parameters.type;
  return type === "dict" || type === undefined ? { ...fn, parameters: { ...fn.parameters, type: "object" } } : fn;
}

/** `parameters.type` of "dict" (ToolACE) or missing means an object. */
function normaliseParametersObject(tool: OpenAITool): OpenAITool {
  const parameters = tool.function.parameters;
  if (!parameters) return { ...tool, function: { ...tool.function, parameters: { type: "object", properties: {}, required: [] } } };
  const required = Array.isArray(parameters.required) ? parameters.required : [];
  return { ...tool, function: { ...tool.function, parameters: { ...parameters, type: "object", required } } };
}

/** Text content in either plain or OpenAI "content parts" form. */
export function textContent(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
      .join("");
  }
  return undefined;
}

/** A call's arguments as JSON text: objects are serialised, text is kept as written. */
export function argumentsText(value: unknown): string {
  if (value === undefined || value === null) return "{}";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A tool result as message content: text stays text, anything else becomes JSON. */
export function resultText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** Parse JSON text, or return the text itself when it is not JSON. */
export function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
