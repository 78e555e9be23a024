/**
 * Find JSON values embedded in prose (tool lists inside system prompts): the text of the balanced
 * `{…}` or `[…]` value that starts at `start`, respecting strings and escapes.
 */
export function balancedJsonAt(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") depth++;
    else if (char === "]" || char === "}") {
      depth--;
      if (depth === 0) return text.slice(start, index + 1);
    }
  }
  return undefined;
}

/** Every top-level JSON object in `text`, in order (objects that do not parse are skipped). */
export function jsonObjectsIn(text: string): unknown[] {
  const out: unknown[] = [];
  let from = text.indexOf("{");
  while (from >= 0) {
    const candidate = balancedJsonAt(text, from);
    if (!candidate) break;
    try {
      out.push(JSON.parse(candidate));
      from = text.indexOf("{", from + candidate.length);
    } catch {
      from = text.indexOf("{", from + 1);
    }
  }
  return out;
}
