import { UserError } from "../errors.js";
import type { FunctionSpec, OpenAITool, PropertySpec } from "../schema/function-spec.js";
import type { Message, ToolCall } from "../schema/trajectory.js";
import { sequentialCallId } from "./call-ids.js";
import { argumentsText, finishRecord, readToolList, textContent } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";
import { isRecord, malformedSeed, readSeedFunction, seedId, type Seed, type SeedLocation, type SeedReader } from "./seeds/seed.js";

/**
 * ToolBench (ToolLLaMA) DFS answer files: `{win, tree, answer_generation: {function,
 * train_messages, final_answer, finish_type, valid_data, …}}`. The longest `train_messages` list is
 * the trajectory: OpenAI's legacy `function_call` on assistant turns and `function` role results.
 * ToolBench ends a trajectory by calling `Finish`; `Finish` with `give_answer` becomes the final
 * answer text (the call's thought kept as `thought`) and `Finish` leaves the tool list. A
 * `give_up_and_restart` Finish stays a call, so the checks reject it (no final answer). The
 * AutoGPT system prompt, which only explains ToolBench's calling convention, is kept in
 * `meta.source_system`.
 *
 * Seeds come from the same module: an answer file is parsed once (`parseToolBenchAnswer`) and
 * gives the record its trajectory and the seed its query; both get the same functions. Instruction
 * files (`{query, api_list, query_id}`, no trajectory) give seeds only.
 */
export const toolBenchFormat: RecordFormat = {
  name: "toolbench",
  description: "ToolBench DFS answer files (answer_generation.train_messages)",

  detect(value) {
    return isObject(value) && isObject(value.answer_generation) && "function" in value.answer_generation;
  },

  read(value, location = {}) {
    const answer = parseToolBenchAnswer(value, location);
    if (!answer.trajectory) {
      throw new UserError(
        `this ToolBench answer has no train_messages (valid_data: ${String(answer.validData)}); the search found no trajectory to train on`,
        { ...location, field: "answer_generation.train_messages" },
      );
    }
    const tools = readToolList(answer.functions, "answer_generation.function", location).filter((tool) => tool.function.name !== FINISH);
    const { messages, system } = readTrainMessages(answer.trajectory, location);
    return finishRecord(
      {
        messages,
        tools: tools as OpenAITool[],
        meta: { source: "toolbench", finish_type: answer.finishType, win: answer.win, ...(system ? { source_system: system } : {}) },
      },
      location,
    );
  },
};

/** One DFS answer file, parsed: what both the record and the seed are made of. */
export interface ToolBenchAnswer {
  /** The user's query as ToolBench states it (`answer_generation.query`). */
  query: unknown;
  /** The function schemas offered, as written (ToolBench's own `Finish` among them: readers drop it, see FINISH). */
  functions: unknown[];
  /** The longest `train_messages` list: the trajectory, when the search found one. */
  trajectory?: unknown[];
  finishType: unknown;
  validData: unknown;
  win: unknown;
}

export function parseToolBenchAnswer(value: unknown, location: RecordLocation = {}): ToolBenchAnswer {
  const answer = isObject(value) && isObject(value.answer_generation) ? value.answer_generation : undefined;
  if (!answer) throw new UserError("a ToolBench answer needs 'answer_generation'", { ...location, field: "answer_generation" });
  const schemas = answer.function ?? [];
  if (!Array.isArray(schemas)) throw new UserError("'answer_generation.function' must be a list of function schemas", { ...location, field: "answer_generation.function" });
  const lists = Array.isArray(answer.train_messages) ? answer.train_messages.filter(Array.isArray) : [];
  return {
    query: answer.query,
    functions: schemas,
    trajectory: lists.length > 0 ? lists.reduce((best, list) => (list.length > best.length ? list : best)) : undefined,
    finishType: answer.finish_type,
    validData: answer.valid_data,
    win: (value as Record<string, unknown>).win,
  };
}

/** ToolBench's way to end a search, not a function of the task: records and seeds leave it out (after reading, so error fields keep the written positions). */
const FINISH = "Finish";

function readTrainMessages(list: unknown[], location: RecordLocation): { messages: Message[]; system?: string } {
  const messages: Message[] = [];
  let system: string | undefined;
  let callCount = 0;
  let lastCall: ToolCall | undefined;
  list.forEach((raw, index) => {
    const field = `answer_generation.train_messages.${index}`;
    if (!isObject(raw)) throw new UserError("each message must be a JSON object", { ...location, field });
    const content = textContent(raw.content);
    switch (raw.role) {
      case "system":
        system = content;
        return;
      case "user":
        messages.push({ role: "user", content: (content ?? "").trim() });
        return;
      case "assistant": {
        const thought = content && content !== "None" ? content.trim() : "";
        if (raw.function_call === undefined || raw.function_call === null) {
          messages.push({ role: "assistant", content: thought });
          return;
        }
        const call = readFunctionCall(raw.function_call, `${field}.function_call`, location);
        const finish = call.name === FINISH ? finalAnswer(call.arguments) : undefined;
        if (finish !== undefined) {
          messages.push({ role: "assistant", content: finish, ...(thought ? { thought } : {}) });
          return;
        }
        lastCall = { id: sequentialCallId(callCount++), type: "function", function: call };
        messages.push({ role: "assistant", content: thought, tool_calls: [lastCall] });
        return;
      }
      case "function":
      case "tool":
        messages.push({
          role: "tool",
          tool_call_id: lastCall?.id ?? `unmatched${index}`,
          ...(typeof raw.name === "string" ? { name: raw.name } : {}),
          content: content ?? "",
        });
        return;
      default:
        throw new UserError(`unknown role '${String(raw.role)}'`, { ...location, field: `${field}.role` });
    }
  });
  return { messages, system };
}

/** `{name, arguments}` as an object, or as Python's repr of one (`{'name': 'f', 'arguments': '{}'}`). */
function readFunctionCall(raw: unknown, field: string, location: RecordLocation): { name: string; arguments: string } {
  if (isObject(raw) && typeof raw.name === "string") return { name: raw.name, arguments: argumentsText(raw.arguments) };
  if (typeof raw === "string") {
    const match = /^\{\s*'name':\s*'([^']+)',\s*'arguments':\s*(['"])([\s\S]*)\2\s*\}$/.exec(raw.trim());
    if (match) return { name: match[1]!, arguments: match[3]!.replace(/\\n/g, "\n").replace(/\\'/g, "'") };
  }
  throw new UserError("a function_call must be {name, arguments}", { ...location, field });
}

function finalAnswer(argumentsJson: string): string | undefined {
  try {
    const parsed = JSON.parse(argumentsJson) as { return_type?: unknown; final_answer?: unknown };
    return parsed.return_type === "give_answer" && typeof parsed.final_answer === "string" ? parsed.final_answer : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Seeds from ToolBench: instruction files (JSON arrays of `{query, api_list, query_id}`) and DFS
 * answer files. Either way the seed is the user's query.
 */
export const toolBenchSeedReader: SeedReader = {
  format: "toolbench",
  detect: (record) =>
    isRecord(record) &&
    ((typeof record.query === "string" && ("api_list" in record || "query_id" in record)) || isRecord(record.answer_generation)),
  toSeed(record, location) {
    if (!isRecord(record)) throw malformedSeed("a ToolBench record must be a JSON object", location, "(record)");
    if (isRecord(record.answer_generation)) return answerSeed(parseToolBenchAnswer(record, location), location);
    if (typeof record.query !== "string" || record.query.trim() === "") {
      throw malformedSeed("`query` must be a non-empty string", location, "query");
    }
    return {
      id: seedId(location),
      text: `User: ${record.query.trim()}`,
      functions: apiListFunctions(record.api_list, location),
      source: { file: location.file, line: location.line },
    };
  },
};

function answerSeed(answer: ToolBenchAnswer, location: SeedLocation): Seed {
  if (typeof answer.query !== "string" || answer.query.trim() === "") {
    throw malformedSeed("`answer_generation.query` must be a non-empty string", location, "answer_generation.query");
  }
  return {
    id: seedId(location),
    text: `User: ${answer.query.trim()}`,
    functions: answer.functions
      .map((schema, index) => readSeedFunction(withoutToolBenchExtras(schema), location, `answer_generation.function.${index}`))
      .filter((spec) => spec.name !== FINISH),
    source: { file: location.file, line: location.line },
  };
}

/** ToolBench puts a non-standard `optional` list next to `required`; the strict seed schema refuses it. */
function withoutToolBenchExtras(schema: unknown): unknown {
  if (!isRecord(schema) || !isRecord(schema.parameters)) return schema;
  const { optional: _optional, ...parameters } = schema.parameters;
  return { ...schema, parameters };
}

const TYPE_NAMES: Record<string, string> = {
  STRING: "string",
  NUMBER: "number",
  INTEGER: "integer",
  BOOLEAN: "boolean",
  ARRAY: "array",
  OBJECT: "object",
  ENUM: "string",
  DATE: "string",
  TIME: "string",
  GEOPOINT: "string",
  FILE: "string",
};

function apiListFunctions(apiList: unknown, location: SeedLocation): FunctionSpec[] | undefined {
  if (apiList === undefined) return undefined;
  if (!Array.isArray(apiList)) throw malformedSeed("`api_list` must be a list", location, "api_list");
  return apiList.map((api, index) => {
    const field = `api_list.${index}`;
    if (!isRecord(api) || typeof api.api_name !== "string" || typeof api.tool_name !== "string") {
      throw malformedSeed("each API needs string `tool_name` and `api_name`", location, field);
    }
    const parameters: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [listName, isRequired] of [["required_parameters", true], ["optional_parameters", false]] as const) {
      const list = api[listName] ?? [];
      if (!Array.isArray(list)) throw malformedSeed(`\`${listName}\` must be a list`, location, `${field}.${listName}`);
      list.forEach((parameter, position) => {
        if (!isRecord(parameter) || typeof parameter.name !== "string") {
          throw malformedSeed("each parameter needs a string `name`", location, `${field}.${listName}.${position}`);
        }
        parameters[parameter.name] = {
          type: TYPE_NAMES[String(parameter.type ?? "STRING").toUpperCase()] ?? "string",
          description: typeof parameter.description === "string" ? parameter.description : "",
        };
        if (isRequired) required.push(parameter.name);
      });
    }
    return {
      name: toolBenchFunctionName(api.api_name, api.tool_name),
      description: typeof api.api_description === "string" ? api.api_description.trim() : "",
      parameters,
      required,
      responses: {},
    };
  });
}

/** ToolBench's own naming: `<api>_for_<tool>`, snake case. */
function toolBenchFunctionName(api: string, tool: string): string {
  const snake = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "");
  return `${snake(api)}_for_${snake(tool)}`.slice(0, 64);
}
