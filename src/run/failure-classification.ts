/**
 * Failures that would repeat on every try: a schema that does not compile (a bad `pattern`, a
 * `$ref` that resolves nowhere) or a value nested so deep it overflows the stack. Such a task is
 * rejected with a typed code, is not retried by --resume, and never counts toward the limit of
 * failures in a row that stops a run (that limit is for a failing endpoint).
 */
export function deterministicFailureCode(error: unknown): string | undefined {
  for (let link = error, hops = 0; link && typeof link === "object" && hops < 8; link = (link as { cause?: unknown }).cause, hops++) {
    const { name, message } = link as { name?: unknown; message?: unknown };
    const text = typeof message === "string" ? message : "";
    if (link instanceof RangeError && /call stack/i.test(text)) return "too-deep";
    if (name === "MissingRefError" || /can't resolve reference|no schema with key or ref/i.test(text)) return "unresolvable-ref";
    if (/schema is invalid|Invalid regular expression|strict mode:/i.test(text)) return "invalid-schema";
  }
  return undefined;
}
