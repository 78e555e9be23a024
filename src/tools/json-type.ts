/** Map loose type names seen in real data (python names, unions) to JSON-Schema types. */
export function normaliseType(type: unknown): string {
  const raw = Array.isArray(type) ? String(type.find((entry) => entry !== "null") ?? "string") : String(type ?? "string");
  const lowered = raw.toLowerCase();
  const aliases: Record<string, string> = {
    str: "string",
    int: "integer",
    float: "number",
    double: "number",
    bool: "boolean",
    list: "array",
    tuple: "array",
    dict: "object",
    any: "string",
  };
  return aliases[lowered] ?? lowered;
}
