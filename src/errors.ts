/**
 * One error module for the whole library. Three families, each with a stable `code`:
 * - UserError: bad input or configuration; say which file, line and field, and what to do.
 * - ModelBehaviorError: a model answered in a way we cannot use; retried, then the item is rejected.
 * - SystemError: transport or environment failures (HTTP 429/5xx, timeouts, disk).
 * Type guards check `name`, not `instanceof`, so they work across duplicated module copies.
 */

export type ButtonErrorCode =
  | "invalid-input"
  | "invalid-config"
  | "config-mismatch"
  | "unparseable-output"
  | "unknown-function"
  | "invalid-arguments"
  | "invalid-result"
  | "parallel-disallowed"
  | "empty-output"
  | "turn-limit"
  | "budget-exhausted"
  | "transport"
  | "timeout"
  | "internal";

export abstract class ButtonError extends Error {
  abstract readonly code: ButtonErrorCode;
}

export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class UserError extends ButtonError {
  override readonly name = "UserError";
  readonly code: "invalid-input" | "invalid-config" | "config-mismatch" | "budget-exhausted";
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;

  constructor(
    message: string,
    options: InputLocation & { code?: UserError["code"]; cause?: unknown } = {},
  ) {
    super(formatLocated(message, options), { cause: options.cause });
    this.code = options.code ?? "invalid-input";
    this.file = options.file;
    this.line = options.line;
    this.field = options.field;
  }
}

export type ModelBehaviorCode =
  | "unparseable-output"
  | "unknown-function"
  | "invalid-arguments"
  | "invalid-result"
  | "parallel-disallowed"
  | "empty-output";

export class ModelBehaviorError extends ButtonError {
  override readonly name = "ModelBehaviorError";
  readonly code: ModelBehaviorCode;
  /** The raw model output that could not be used, kept for the rejection record. */
  readonly output?: string;

  constructor(code: ModelBehaviorCode, message: string, options: { output?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.output = options.output;
  }
}

export class SystemError extends ButtonError {
  override readonly name = "SystemError";
  readonly code: "transport" | "timeout" | "internal" | "turn-limit" | "budget-exhausted";
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    code: SystemError["code"],
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isUserError(error: unknown): error is UserError {
  return hasName(error, "UserError");
}

export function isModelBehaviorError(error: unknown): error is ModelBehaviorError {
  return hasName(error, "ModelBehaviorError");
}

export function isSystemError(error: unknown): error is SystemError {
  return hasName(error, "SystemError");
}

function hasName(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}

function formatLocated(message: string, location: InputLocation): string {
  const where = [location.file, location.line !== undefined ? `line ${location.line}` : undefined]
    .filter(Boolean)
    .join(":");
  const field = location.field ? ` (field '${location.field}')` : "";
  return where || field ? `${where}${field}: ${message}` : message;
}
