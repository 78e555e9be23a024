import { jsonTextDepth, MAX_JSON_DEPTH } from "../schema/json-depth.js";
import { jsonrepair } from "jsonrepair";

/** What a lenient parse had to fix, for logs and tests. */
export type JsonRepair = "code-fence" | "trailing-prose" | "leading-prose" | "syntax";

export interface LenientJson {
  value: unknown;
  repairs: JsonRepair[];
}

/**
 * Read the JSON value a model meant to write. Real models wrap JSON in Markdown fences, add a
 * sentence before or after it, use single quotes, leave comments or trailing commas; the value
 * is taken from inside a fence, cut from the surrounding prose, and fixed by `jsonrepair`.
 * Returns undefined when no JSON object or array can be recovered.
 */
export function parseLenientJson(text: string): LenientJson | undefined {
  const repairs: JsonRepair[] = [];
  let body = text.trim();
  const fenced = /```[a-zA-Z]*\s*([\s\S]*?)```/.exec(body);
  if (fenced) {
    repairs.push("code-fence");
    body = fenced[1]!.trim();
  }
  const start = body.search(/[[{]/);
  if (start < 0) return undefined;
  if (start > 0) repairs.push("leading-prose");
  const closer = body[start] === "{" ? "}" : "]";
  const end = body.lastIndexOf(closer);
  if (end < start) return undefined;
  if (body.slice(end + 1).trim() !== "") repairs.push("trailing-prose");
  const span = body.slice(start, end + 1);
  // Nested deeper than any real argument or result: refused before parsing (later recursive steps would overflow).
  if (jsonTextDepth(span, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return undefined;
  try {
    return { value: JSON.parse(span), repairs };
  } catch {
    // fall through to repair
  }
  try {
    return { value: JSON.parse(jsonrepair(span)), repairs: [...repairs, "syntax"] };
  } catch {
    return undefined;
  }
}
