import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { FunctionSpec, PropertySpec } from "../schema/function-spec.js";
import { normaliseType } from "./json-type.js";

/**
 * JSON-Schema validation of call arguments and tool results, with ajv (the most used and
 * fastest JSON-Schema validator for JS). BUTTON specs are flat maps with loose type names
 * (`str`, `int`, `dict`), so they are normalised into a proper object schema first.
 */
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const cache = new Map<string, ValidateFunction>();
const MAX_COMPILED_SCHEMAS = 2000;

export const JSON_SCHEMA_TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"] as const;

export function propertyToJsonSchema(property: PropertySpec): Record<string, unknown> {
  const { type, ...rest } = property;
  const out: Record<string, unknown> = { ...rest };
  if (type !== undefined) {
    const normalised = Array.isArray(type) ? type.map(normaliseType) : normaliseType(type);
    if (Array.isArray(normalised) ? normalised.every(isKnownType) : isKnownType(normalised)) out.type = normalised;
  }
  if (out.items && typeof out.items === "object") out.items = propertyToJsonSchema(out.items as PropertySpec);
  if (out.properties && typeof out.properties === "object") {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, PropertySpec>).map(([key, value]) => [key, propertyToJsonSchema(value)]),
    );
  }
  // `required: true` on a property (seen in some generated specs) is not JSON Schema.
  if (typeof out.required === "boolean") delete out.required;
  return out;
}

function isKnownType(type: string): boolean {
  return (JSON_SCHEMA_TYPES as readonly string[]).includes(type);
}

export function parametersJsonSchema(spec: FunctionSpec): Record<string, unknown> {
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(spec.parameters).map(([key, value]) => [key, propertyToJsonSchema(value)])),
    required: spec.required,
    additionalProperties: false,
  };
}

export function responsesJsonSchema(spec: FunctionSpec): Record<string, unknown> {
  const properties = Object.fromEntries(
    Object.entries(spec.responses).map(([key, value]) => [key, propertyToJsonSchema(value)]),
  );
  return { type: "object", properties, required: Object.keys(properties) };
}

/**
 * A compiled validator per distinct schema. Compiling is the expensive part of validation, and
 * one run sees the same function specs again and again; the cache is bounded (least recently
 * used out first) so a run over millions of distinct schemas keeps flat memory.
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (validate) {
    cache.delete(key);
  } else {
    validate = ajv.compile(schema);
    if (cache.size >= MAX_COMPILED_SCHEMAS) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, validate);
  return validate;
}

/** Throws Ajv's error when `schema` does not compile (an invalid pattern, an unresolvable $ref); cached like validation. */
export function assertSchemaCompiles(schema: Record<string, unknown>): void {
  compile(schema);
}

/** Human-readable problems with `value` against `schema`; empty when valid. */
export function schemaProblems(schema: Record<string, unknown>, value: unknown): string[] {
  return problemsFor(compile(schema), value);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath ? `'${error.instancePath.slice(1).replace(/\//g, ".")}'` : "the object";
  if (error.keyword === "additionalProperties") {
    return `${where} has unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (error.keyword === "required") {
    return `${where} is missing required property '${(error.params as { missingProperty: string }).missingProperty}'`;
  }
  return `${where} ${error.message ?? "is invalid"}`;
}

export function argumentProblems(spec: FunctionSpec, args: unknown): string[] {
  return problemsFor(specValidator(spec, "parameters"), args);
}

export function resultProblems(spec: FunctionSpec, result: unknown): string[] {
  return problemsFor(specValidator(spec, "responses"), result);
}

function problemsFor(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describeError);
}

/**
 * Each model call checks its arguments or result against the same spec object: keep its
 * validators by object, so no schema is rebuilt and serialised for the cache key on every call.
 * Specs are parsed records and treated as immutable; a spec given new `parameters`, `required`
 * or `responses` objects is compiled again. The entry goes with the spec.
 */
interface SpecValidator {
  source: unknown;
  required: unknown;
  validate: ValidateFunction;
}
const specValidators = new WeakMap<FunctionSpec, { parameters?: SpecValidator; responses?: SpecValidator }>();

function specValidator(spec: FunctionSpec, part: "parameters" | "responses"): ValidateFunction {
  let entry = specValidators.get(spec);
  if (!entry) specValidators.set(spec, (entry = {}));
  const known = entry[part];
  if (known && known.source === spec[part] && known.required === spec.required) return known.validate;
  const validate = compile(part === "parameters" ? parametersJsonSchema(spec) : responsesJsonSchema(spec));
  entry[part] = { source: spec[part], required: spec.required, validate };
  return validate;
}

