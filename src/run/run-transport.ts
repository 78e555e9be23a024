import type { Transport } from "../llm/model-call.js";
import { composeTransports } from "./compose-transports.js";
import { retryTransport, type RetryPolicy } from "./model-retry.js";
import { rateLimitTransport, type RateLimits } from "./rate-limit.js";

export interface RunTransportOptions {
  retry?: RetryPolicy | false;
  rateLimits?: Record<string, RateLimits>;
  endpointOf?: (info: { role: string }) => string;
  /** Cancels retry waits and rate-limit queues. */
  signal?: AbortSignal;
  /** Counted into: transport retries by reason (`HTTP 429`, `timeout`, …). */
  retries: Record<string, number>;
  /** Innermost layers, after retries and rate limits (a token budget). */
  inner?: Transport;
}

/** The transport every model call of a run goes through: retries outermost, then rate limits. */
export function runTransport(options: RunTransportOptions): Transport | undefined {
  const { retry, retries } = options;
  return composeTransports(
    retry === false
      ? undefined
      : retryTransport({
          ...retry,
          signal: options.signal,
          onRetry: (event) => {
            retries[event.reason] = (retries[event.reason] ?? 0) + 1;
            if (retry) retry.onRetry?.(event);
          },
        }),
    options.rateLimits ? rateLimitTransport({ limits: options.rateLimits, endpointOf: options.endpointOf, signal: options.signal }) : undefined,
    options.inner,
  );
}
