/**
 * Undo the commonest type slip of real models: numbers and booleans written as strings
 * (`"3"` for an integer, `"true"` for a boolean). Only values the JSON schema declares as
 * number, integer or boolean are touched, and only when the text is exactly such a value;
 * everything else is returned as it was. Objects and arrays are followed through
 * `properties` and `items`. Returns a new value; the input is not changed.
 */
export function coerceToSchema(value: unknown, schema: Record<string, unknown> | undefined): unknown {
  if (!schema || typeof schema !== "object") return value;
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (typeof value === "string") {
    const text = value.trim();
    if ((types.includes("number") || types.includes("integer")) && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) {
      const number = Number(text);
      if (types.includes("number") || Number.isInteger(number)) return number;
    }
    if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema.items as Record<string, unknown> | undefined;
    return items ? value.map((entry) => coerceToSchema(entry, items)) : value;
  }
  if (value && typeof value === "object") {
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, coerceToSchema(entry, properties[key])]));
  }
  return value;
}
