/**
 * Model output is untrusted: an answer nested thousands of levels deep overflows the stack of
 * every recursive step after parsing (validation, hashing, serialising). A real argument or
 * result never nests this deep, so deeper text is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/** How deeply `text` nests `{` and `[` (strings skipped), scanning once; stops early past `limit`. */
export function jsonTextDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

/** How deeply a parsed value nests (iterative, so a deep value cannot overflow the check itself). */
export function valueDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    const level = depth + 1;
    if (level > deepest) {
      deepest = level;
      if (deepest > limit) return deepest;
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/** `JSON.parse`, refusing text nested deeper than `maxDepth` with a SyntaxError that says so. */
export function parseJsonWithDepthLimit(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonTextDepth(text, maxDepth) > maxDepth) {
    throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels; write flat arguments and results`);
  }
  return JSON.parse(text);
}
