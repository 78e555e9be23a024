import { SystemError } from "../errors.js";
import type { Transport } from "../llm/model-call.js";
import { systemClock, type Clock } from "./clock.js";

/** Tries per model call when the policy does not say, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 6;

export interface RetryPolicy {
  /** Tries per model call, the first included (default 6). */
  maxAttempts?: number;
  /** The first backoff ceiling; it doubles per attempt (default 500 ms). */
  baseDelayMs?: number;
  /** The largest backoff ceiling (default 30 s). */
  maxDelayMs?: number;
  /** A server asking to wait longer than this is not retried (default 120 s). */
  maxRetryAfterMs?: number;
  /** Aborting stops waiting and gives up at once. */
  signal?: AbortSignal;
  clock?: Clock;
  /** A number in [0, 1); injectable for tests. */
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  role: string;
  attempt: number;
  delayMs: number;
  reason: string;
  error: unknown;
}

export interface RetryDecision {
  retryable: boolean;
  reason: string;
  /** What the server asked for (Retry-After / retry-after-ms), if anything. */
  retryAfterMs?: number;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const NETWORK_NAMES = new Set(["APIConnectionError", "APIConnectionTimeoutError", "TimeoutError", "FetchError", "SocketError"]);
const NETWORK_MESSAGE =
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|fetch failed|network|connection error|terminated|timed? ?out/i;
/** A 200 response whose body is not JSON: a proxy or server hiccup, worth another try. */
const MALFORMED_BODY = /is not valid JSON|Unexpected (token|end of JSON)|JSON at position|Unterminated string in JSON/i;

/**
 * Decide whether a failed model call is worth repeating: HTTP 408/409/425/429/5xx, dropped
 * connections, timeouts and garbled bodies are; bad requests, auth errors and exhausted
 * quotas are not. Works on raw OpenAI-client errors and on the SystemError wrapping them.
 */
export function classifyTransportError(error: unknown, now: number = Date.now()): RetryDecision {
  const chain = causeChain(error);
  if (chain.some((link) => nameOf(link) === "AbortError")) return { retryable: false, reason: "aborted" };
  const status = chain.map((link) => link.status).find((value): value is number => typeof value === "number");
  const retryAfterMs = chain.map((link) => retryAfterOf(link, now)).find((value) => value !== undefined);
  if (status !== undefined) {
    if (status === 429 && chain.some(isQuotaExhausted)) return { retryable: false, reason: "quota exhausted (429)" };
    return RETRYABLE_STATUS.has(status) || status >= 500
      ? { retryable: true, reason: `HTTP ${status}`, retryAfterMs }
      : { retryable: false, reason: `HTTP ${status}` };
  }
  for (const link of chain) {
    const code = typeof link.code === "string" ? link.code : undefined;
    if (code && NETWORK_CODES.has(code)) return { retryable: true, reason: code, retryAfterMs };
    if (NETWORK_NAMES.has(nameOf(link)) || (link.name === "SystemError" && link.code === "timeout")) {
      return { retryable: true, reason: nameOf(link) === "SystemError" ? "timeout" : nameOf(link), retryAfterMs };
    }
    const message = typeof link.message === "string" ? link.message : "";
    if (MALFORMED_BODY.test(message)) return { retryable: true, reason: "malformed response body", retryAfterMs };
    if (NETWORK_MESSAGE.test(message)) return { retryable: true, reason: "connection failure", retryAfterMs };
  }
  return { retryable: false, reason: "not a transport failure" };
}

/** `Retry-After` is either seconds or an HTTP date; returns milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a uniform draw below min(max, base · 2^retry). */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: number): number {
  const base = policy.baseDelayMs ?? 500;
  const ceiling = Math.min(policy.maxDelayMs ?? 30_000, base * 2 ** retry);
  return Math.floor(random * ceiling);
}

/** Run `invoke`, repeating it after transport failures as the policy allows. */
export async function withRetries<T>(invoke: () => Promise<T>, policy: RetryPolicy = {}, role = "model"): Promise<T> {
  const clock = policy.clock ?? systemClock;
  const random = policy.random ?? Math.random;
  const maxAttempts = Math.max(1, policy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxRetryAfterMs = policy.maxRetryAfterMs ?? 120_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await invoke();
    } catch (error) {
      if (policy.signal?.aborted) throw error;
      const decision = classifyTransportError(error, clock.now());
      if (!decision.retryable) throw error;
      if (attempt >= maxAttempts) throw exhausted(error, attempt, decision);
      if (decision.retryAfterMs !== undefined && decision.retryAfterMs > maxRetryAfterMs) {
        throw exhausted(error, attempt, decision, `the server asked to wait ${Math.ceil(decision.retryAfterMs / 1000)} s`);
      }
      const backoff = backoffDelay(attempt - 1, policy, random());
      // Honour the server's wait, never less; jittered backoff covers the rest.
      const delayMs = decision.retryAfterMs !== undefined ? Math.max(decision.retryAfterMs, Math.min(backoff, 1_000)) : backoff;
      policy.onRetry?.({ role, attempt, delayMs, reason: decision.reason, error });
      await clock.sleep(delayMs, policy.signal);
    }
  }
}

/** The retry layer as a transport for `simulateTask` (wraps every single model call). */
export function retryTransport(policy: RetryPolicy = {}): Transport {
  return (invoke, info) => withRetries(invoke, policy, info.role);
}

function exhausted(error: unknown, attempts: number, decision: RetryDecision, why?: string): SystemError {
  const base = error as { status?: number; message?: string; name?: string; code?: string };
  const code = base.name === "SystemError" && base.code === "timeout" ? "timeout" : decision.reason.includes("imeout") ? "timeout" : "transport";
  const message = `${base.message ?? String(error)} — gave up after ${attempts} attempt(s)${why ? ` (${why})` : ""}. Check the endpoint, lower --concurrency or set rate limits, then resume the run.`;
  return new SystemError(code, message, {
    status: typeof base.status === "number" ? base.status : undefined,
    retryAfterMs: decision.retryAfterMs,
    cause: error,
  });
}

interface ErrorLike {
  name?: string;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  headers?: unknown;
  retryAfterMs?: unknown;
  error?: unknown;
  response?: { headers?: unknown };
  cause?: unknown;
}

function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && chain.length < 8 && !chain.includes(current as ErrorLike)) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

function nameOf(error: ErrorLike): string {
  const name = typeof error.name === "string" ? error.name : "";
  if (name && name !== "Error") return name;
  return (error as { constructor?: { name?: string } }).constructor?.name ?? name;
}

function retryAfterOf(error: ErrorLike, now: number): number | undefined {
  if (typeof error.retryAfterMs === "number") return error.retryAfterMs;
  for (const headers of [error.headers, error.response?.headers]) {
    const milliseconds = Number(header(headers, "retry-after-ms"));
    if (header(headers, "retry-after-ms") !== undefined && Number.isFinite(milliseconds)) return milliseconds;
    const parsed = parseRetryAfter(header(headers, "retry-after"), now);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key ? record[key] : undefined;
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function isQuotaExhausted(error: ErrorLike): boolean {
  const body = error.error as { code?: unknown; type?: unknown } | undefined;
  if (error.code === "insufficient_quota" || body?.code === "insufficient_quota" || body?.type === "insufficient_quota") return true;
  return typeof error.message === "string" && /insufficient[_ ]quota|exceeded your current quota/i.test(error.message);
}
