import { UserError } from "../../errors.js";
import type { FunctionSpec, PropertySpec } from "../../schema/function-spec.js";
import { isRecord, readSeedFunction, seedId, type RecordLocation, type SeedReader } from "./seed.js";

/**
 * ToolBench data: instruction files (JSON arrays of `{query, api_list, query_id}`) and DFS
 * answer files (one object whose `answer_generation` holds `query` and OpenAI-style
 * `function` schemas). Either way the seed is the user's query.
 */
export const toolbenchReader: SeedReader = {
  format: "toolbench",
  detect: (record) =>
    isRecord(record) &&
    ((typeof record.query === "string" && ("api_list" in record || "query_id" in record)) ||
      isRecord(record.answer_generation)),
  toSeed(record, location) {
    if (!isRecord(record)) throw malformed("a ToolBench record must be a JSON object", location, "(record)");
    if (isRecord(record.answer_generation)) return answerSeed(record.answer_generation, location);
    if (typeof record.query !== "string" || record.query.trim() === "") {
      throw malformed("`query` must be a non-empty string", location, "query");
    }
    return {
      id: seedId(location),
      text: `User: ${record.query.trim()}`,
      functions: apiListFunctions(record.api_list, location),
      source: { file: location.file, line: location.line },
    };
  },
};

function answerSeed(answer: Record<string, unknown>, location: RecordLocation) {
  if (typeof answer.query !== "string" || answer.query.trim() === "") {
    throw malformed("`answer_generation.query` must be a non-empty string", location, "answer_generation.query");
  }
  const schemas = answer.function === undefined ? [] : answer.function;
  if (!Array.isArray(schemas)) throw malformed("`answer_generation.function` must be a list", location, "answer_generation.function");
  const functions = schemas
    .map((schema, index) => readSeedFunction(withoutToolBenchExtras(schema), location, `answer_generation.function.${index}`))
    // `Finish` is ToolBench's own control function, not part of the task.
    .filter((spec) => spec.name !== "Finish");
  return {
    id: seedId(location),
    text: `User: ${answer.query.trim()}`,
    functions,
    source: { file: location.file, line: location.line },
  };
}

/** ToolBench puts a non-standard `optional` list next to `required`; drop it. */
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

function apiListFunctions(apiList: unknown, location: RecordLocation): FunctionSpec[] | undefined {
  if (apiList === undefined) return undefined;
  if (!Array.isArray(apiList)) throw malformed("`api_list` must be a list", location, "api_list");
  return apiList.map((api, index) => {
    const field = `api_list.${index}`;
    if (!isRecord(api) || typeof api.api_name !== "string" || typeof api.tool_name !== "string") {
      throw malformed("each API needs string `tool_name` and `api_name`", location, field);
    }
    const parameters: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [listName, isRequired] of [["required_parameters", true], ["optional_parameters", false]] as const) {
      const list = api[listName] ?? [];
      if (!Array.isArray(list)) throw malformed(`\`${listName}\` must be a list`, location, `${field}.${listName}`);
      list.forEach((parameter, position) => {
        if (!isRecord(parameter) || typeof parameter.name !== "string") {
          throw malformed("each parameter needs a string `name`", location, `${field}.${listName}.${position}`);
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

function malformed(message: string, location: RecordLocation, field: string): UserError {
  return new UserError(message, { file: location.file, line: location.line, field });
}
