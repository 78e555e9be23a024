import type { FunctionSpec } from "../schema/function-spec.js";
import { ModelBehaviorError } from "../errors.js";
import { coerceToSchema } from "./coerce-to-schema.js";
import { argumentProblems, parametersJsonSchema } from "./json-schema.js";
import { parseLenientJson } from "./lenient-json.js";
import { MAX_JSON_DEPTH, valueDepth } from "../schema/json-depth.js";

/** The functions of one task, looked up by name, with the checks a model's call must pass. */
export class FunctionCatalog {
  private readonly byName: Map<string, FunctionSpec>;

  constructor(readonly specs: readonly FunctionSpec[]) {
    this.byName = new Map(specs.map((spec) => [spec.name, spec]));
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): FunctionSpec | undefined {
    return this.byName.get(name);
  }

  /** The spec for `name`, or a model-behaviour error that lists what is available. */
  require(name: string): FunctionSpec {
    const spec = this.byName.get(name);
    if (!spec) {
      throw new ModelBehaviorError(
        "unknown-function",
        `Model tried to call unavailable tool '${name}'. Available tools: ${this.names.join(", ") || "none"}.`,
      );
    }
    return spec;
  }

  /** Parse and validate one call's arguments (JSON text or object) against its function. */
  checkCall(name: string, rawArguments: unknown): Record<string, unknown> {
    const spec = this.require(name);
    let args: unknown = rawArguments;
    if (typeof rawArguments === "string") {
      const parsed = rawArguments.trim() === "" ? { value: {} } : parseLenientJson(rawArguments);
      if (parsed) args = parsed.value;
      else {
        throw new ModelBehaviorError(
          "invalid-arguments",
          `Arguments for '${name}' are not valid JSON: ${rawArguments.slice(0, 200)}. Write the arguments as a JSON object.`,
        );
      }
    }
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      throw new ModelBehaviorError("invalid-arguments", `Arguments for '${name}' must be a JSON object.`);
    }
    if (valueDepth(args, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      throw new ModelBehaviorError("invalid-arguments", `Arguments for '${name}' nest deeper than ${MAX_JSON_DEPTH} levels. Write flat arguments.`);
    }
    let problems = argumentProblems(spec, args);
    if (problems.length > 0) {
      // Numbers and booleans written as strings are put right, not retried.
      const coerced = coerceToSchema(args, parametersJsonSchema(spec));
      if (argumentProblems(spec, coerced).length === 0) return coerced as Record<string, unknown>;
      problems = argumentProblems(spec, coerced);
    }
    if (problems.length > 0) {
      const onlyMissing = problems.every((problem) => problem.includes("is missing required property"));
      throw new ModelBehaviorError(
        onlyMissing ? "missing-argument" : "invalid-arguments",
        `Arguments for '${name}' do not fit its parameters: ${problems.join("; ")}. Required: ${spec.required.join(", ") || "none"}.`,
      );
    }
    return args as Record<string, unknown>;
  }
}
