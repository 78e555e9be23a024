/** The kinds of failure a tool call may report in place of a result. */
export const TOOL_ERROR_TYPES = ["timeout", "not_found", "invalid_argument", "rate_limited"] as const;
export type ToolErrorType = (typeof TOOL_ERROR_TYPES)[number] | (string & {});

/**
 * A failed tool call as the assistant sees it: the tool message's content is
 * `{"error":{"type":"not_found","message":"…"}}` instead of a result object. It does not
 * have to fit the function's `responses`, and it is never cached. A real tool may return one
 * (e.g. for an unknown id) to report a failure the assistant should handle.
 */
export type ToolErrorResult = {
  error: { type: ToolErrorType; message: string; retry_after_seconds?: number };
};

export function toolErrorResult(type: ToolErrorType, message: string, extra: { retryAfterSeconds?: number } = {}): ToolErrorResult {
  return {
    error: { type, message, ...(extra.retryAfterSeconds !== undefined ? { retry_after_seconds: extra.retryAfterSeconds } : {}) },
  };
}

/** True when a tool message's content (JSON text or parsed) is an error result. */
export function isToolErrorResult(content: unknown): boolean {
  let value = content;
  if (typeof content === "string") {
    try {
      value = JSON.parse(content);
    } catch {
      return false;
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const error = (value as { error?: unknown }).error;
  return keys.length === 1 && !!error && typeof error === "object" && typeof (error as { type?: unknown }).type === "string";
}
