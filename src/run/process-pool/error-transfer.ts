import { ModelBehaviorError, SystemError, UserError } from "../../errors.js";

/** An error as plain JSON, with what the runner's classification reads (name, code, status, causes). */
export interface TransferredError {
  name: string;
  message: string;
  /** The JavaScript class when it is not the name (a RangeError named otherwise, say). */
  kind?: string;
  code?: unknown;
  status?: number;
  retryAfterMs?: number;
  file?: string;
  line?: number;
  field?: string;
  output?: string;
  headers?: Record<string, string>;
  /** An OpenAI-style error body (`insufficient_quota` lives there). */
  error?: unknown;
  stack?: string;
  cause?: TransferredError;
}

/** How many links of a cause chain cross; the classifiers read at most eight. */
const MAX_DEPTH = 8;

/** Flatten an error (and its causes) to JSON that survives the IPC channel. */
export function transferError(error: unknown, depth = 0): TransferredError {
  if (typeof error !== "object" || error === null) return { name: "Error", message: String(error) };
  const source = error as Record<string, unknown> & { name?: unknown; message?: unknown; cause?: unknown; stack?: unknown };
  const name = typeof source.name === "string" ? source.name : "Error";
  const transferred: TransferredError = { name, message: typeof source.message === "string" ? source.message : String(error) };
  const kind = error instanceof RangeError ? "RangeError" : error instanceof TypeError ? "TypeError" : undefined;
  if (kind) transferred.kind = kind;
  if (typeof source.code === "string" || typeof source.code === "number") transferred.code = source.code;
  if (typeof source.status === "number") transferred.status = source.status;
  if (typeof source.retryAfterMs === "number") transferred.retryAfterMs = source.retryAfterMs;
  for (const key of ["file", "field", "output"] as const) if (typeof source[key] === "string") transferred[key] = source[key] as string;
  if (typeof source.line === "number") transferred.line = source.line;
  const headers = plainHeaders(source.headers ?? (source.response as { headers?: unknown } | undefined)?.headers);
  if (headers) transferred.headers = headers;
  if (source.error !== undefined) transferred.error = jsonSafe(source.error);
  if (typeof source.stack === "string") transferred.stack = source.stack;
  if (source.cause !== undefined && depth < MAX_DEPTH) transferred.cause = transferError(source.cause, depth + 1);
  return transferred;
}

/**
 * The error again, as the class its name says (UserError, ModelBehaviorError, SystemError from
 * src/errors.ts, or a plain Error carrying the same fields), so the parent classifies a failure
 * that happened in a child exactly as it would one of its own.
 */
export function rebuildError(transferred: TransferredError): Error {
  const cause = transferred.cause ? rebuildError(transferred.cause) : undefined;
  let error: Error;
  if (transferred.name === "UserError") {
    // The message already carries the location; the fields are restored without formatting it again.
    error = new UserError("", { code: transferred.code as UserError["code"], file: transferred.file, line: transferred.line, field: transferred.field, cause });
  } else if (transferred.name === "ModelBehaviorError") {
    error = new ModelBehaviorError(transferred.code as ModelBehaviorError["code"], "", { output: transferred.output, cause });
  } else if (transferred.name === "SystemError") {
    error = new SystemError(transferred.code as SystemError["code"], "", { status: transferred.status, retryAfterMs: transferred.retryAfterMs, cause });
  } else {
    const Kind = transferred.kind === "RangeError" ? RangeError : transferred.kind === "TypeError" ? TypeError : Error;
    error = new Kind("", cause === undefined ? undefined : { cause });
    // Plain errors keep their own name (AbortError, APIConnectionError, …): the classifiers read it.
    Object.defineProperty(error, "name", { value: transferred.name, writable: true, configurable: true, enumerable: false });
    const fields = error as unknown as Record<string, unknown>;
    for (const key of ["code", "status", "retryAfterMs", "headers", "error"] as const) if (transferred[key] !== undefined) fields[key] = transferred[key];
  }
  Object.defineProperty(error, "message", { value: transferred.message, writable: true, configurable: true, enumerable: false });
  if (transferred.stack) error.stack = transferred.stack;
  return error;
}

function plainHeaders(headers: unknown): Record<string, string> | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const entries: [string, string][] = [];
  if (typeof (headers as Headers).forEach === "function" && typeof (headers as Headers).get === "function") {
    (headers as Headers).forEach((value, key) => entries.push([key, value]));
  } else {
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value === "string") entries.push([key, value]);
      else if (Array.isArray(value) && typeof value[0] === "string") entries.push([key, value[0]]);
    }
  }
  // Only what retry decisions read: the wait a server asks for.
  const kept = entries.filter(([key]) => /^retry-after(-ms)?$/i.test(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return undefined;
  }
}
