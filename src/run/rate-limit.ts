import type { Transport } from "../llm/model-call.js";
import { UserError } from "../errors.js";
import { systemClock, type Clock } from "./clock.js";

export interface RateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** Bursts may use up to this share of a minute's allowance at once. */
const BURST_SHARE = 1 / 6;

/**
 * Requests and tokens per minute for one endpoint, as two token buckets that refill
 * continuously. Tokens are known only after a call, so calls are admitted while the token
 * balance is not negative and the real usage is debited afterwards (the balance may dip
 * below zero by one call's worth, and later calls wait it off).
 */
export class RateLimiter {
  private requests: number;
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly limits: RateLimits,
    private readonly clock: Clock = systemClock,
  ) {
    for (const [field, value] of Object.entries(limits)) {
      if (value !== undefined && !(typeof value === "number" && value > 0)) {
        throw new UserError(`rate limit ${field} must be a positive number, got ${String(value)}`, {
          field,
          code: "invalid-config",
        });
      }
    }
    this.requests = this.requestCapacity;
    this.tokens = this.tokenCapacity;
    this.updatedAt = clock.now();
  }

  private get requestCapacity(): number {
    const perMinute = this.limits.requestsPerMinute;
    return perMinute ? Math.max(1, perMinute * BURST_SHARE) : Infinity;
  }

  private get tokenCapacity(): number {
    const perMinute = this.limits.tokensPerMinute;
    return perMinute ? Math.max(1, perMinute * BURST_SHARE) : Infinity;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    if (this.limits.requestsPerMinute) {
      this.requests = Math.min(this.requestCapacity, this.requests + (elapsed * this.limits.requestsPerMinute) / 60_000);
    }
    if (this.limits.tokensPerMinute) {
      this.tokens = Math.min(this.tokenCapacity, this.tokens + (elapsed * this.limits.tokensPerMinute) / 60_000);
    }
  }

  /** How long until one more request may start (0 = now). */
  waitTime(): number {
    this.refill();
    let wait = 0;
    if (this.limits.requestsPerMinute && this.requests < 1) {
      wait = Math.max(wait, ((1 - this.requests) * 60_000) / this.limits.requestsPerMinute);
    }
    if (this.limits.tokensPerMinute && this.tokens < 0) {
      wait = Math.max(wait, (-this.tokens * 60_000) / this.limits.tokensPerMinute);
    }
    return Math.ceil(wait);
  }

  /** Wait for a request slot and take it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.waitTime();
      if (wait === 0) {
        if (this.limits.requestsPerMinute) this.requests -= 1;
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }

  /** Debit the tokens a finished call used. */
  settle(tokens: number): void {
    if (!this.limits.tokensPerMinute || !(tokens > 0)) return;
    this.refill();
    this.tokens -= tokens;
  }
}

export interface RateLimitTransportOptions {
  /** Limits per endpoint name; `*` applies to endpoints without their own entry. */
  limits: Record<string, RateLimits>;
  /** Which endpoint a call goes to (default: every role shares `*`). */
  endpointOf?: (info: { role: string }) => string;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Rate limits as a transport: waits before each call, debits its reported tokens after. */
export function rateLimitTransport(options: RateLimitTransportOptions): Transport {
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (endpoint: string): RateLimiter | undefined => {
    const limits = options.limits[endpoint] ?? options.limits["*"];
    if (!limits) return undefined;
    const key = options.limits[endpoint] ? endpoint : "*";
    let limiter = limiters.get(key);
    if (!limiter) limiters.set(key, (limiter = new RateLimiter(limits, options.clock)));
    return limiter;
  };
  return async (invoke, info) => {
    const limiter = limiterFor(options.endpointOf?.(info) ?? "*");
    if (!limiter) return invoke();
    await limiter.acquire(options.signal);
    const result = await invoke();
    limiter.settle(reportedTokens(result));
    return result;
  };
}

function reportedTokens(result: unknown): number {
  const usage = (result as { usage_metadata?: { total_tokens?: number; input_tokens?: number; output_tokens?: number } })
    ?.usage_metadata;
  if (!usage) return 0;
  return usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
}
