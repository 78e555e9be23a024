import { describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, InternalServerError, RateLimitError, BadRequestError } from "openai";
import { SystemError } from "../../src/errors.js";
import { backoffDelay, classifyTransportError, parseRetryAfter, withRetries } from "../../src/run/model-retry.js";
import { FakeClock } from "./fake-clock.js";

function failing(errors: unknown[], value = "ok") {
  let calls = 0;
  const invoke = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return value;
  };
  return { invoke, calls: () => calls };
}

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("classifyTransportError", () => {
  it("retries 429, 5xx, timeouts, resets and malformed bodies; not 400s or exhausted quota", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(classifyTransportError(new RateLimitError(429, undefined, "slow down", headers({ "retry-after": "3" })), now)).toEqual({
      retryable: true,
      reason: "HTTP 429",
      retryAfterMs: 3000,
    });
    expect(classifyTransportError(new InternalServerError(500, undefined, "boom", headers({}))).retryable).toBe(true);
    expect(classifyTransportError(new APIConnectionTimeoutError()).retryable).toBe(true);
    expect(classifyTransportError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })).reason).toBe("ECONNRESET");
    expect(classifyTransportError(new SyntaxError(`Unexpected token '<', "<html>" is not valid JSON`)).reason).toBe("malformed response body");
    expect(classifyTransportError(new BadRequestError(400, undefined, "bad", headers({}))).retryable).toBe(false);
    const quota = new RateLimitError(429, { code: "insufficient_quota" }, "quota", headers({}));
    expect(classifyTransportError(quota).retryable).toBe(false);
    expect(classifyTransportError(new TypeError("x is not a function")).retryable).toBe(false);
  });

  it("reads the status and Retry-After through the SystemError that wraps the client error", () => {
    const now = Date.UTC(2026, 0, 1);
    const cause = new RateLimitError(429, undefined, "slow down", headers({ "retry-after": new Date(now + 5_000).toUTCString() }));
    const wrapped = new SystemError("transport", "Model request failed", { status: 429, cause });
    expect(classifyTransportError(wrapped, now)).toMatchObject({ retryable: true, retryAfterMs: 5_000 });
    expect(classifyTransportError(new SystemError("timeout", "Request timed out.")).retryable).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  it("takes seconds or an HTTP date", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("withRetries", () => {
  it("backs off exponentially with full jitter and returns the eventual result", async () => {
    const clock = new FakeClock();
    const server = new InternalServerError(503, undefined, "busy", headers({}));
    const { invoke, calls } = failing([server, server, server]);
    const result = await withRetries(invoke, { clock, random: () => 0.5, baseDelayMs: 100, maxDelayMs: 250 });
    expect(result).toBe("ok");
    expect(calls()).toBe(4);
    // ceilings 100, 200, 250 (capped) — half of each with random 0.5
    expect(clock.sleeps).toEqual([50, 100, 125]);
  });

  it("waits at least what Retry-After asks", async () => {
    const clock = new FakeClock();
    const limited = new RateLimitError(429, undefined, "slow", headers({ "retry-after": "7" }));
    const { invoke } = failing([limited]);
    await withRetries(invoke, { clock, random: () => 0.99 });
    expect(clock.sleeps).toEqual([7000]);
  });

  it("gives up after maxAttempts with a SystemError that says what to do", async () => {
    const clock = new FakeClock();
    const server = new InternalServerError(500, undefined, "boom", headers({}));
    const { invoke, calls } = failing([server, server, server, server]);
    const error = await withRetries(invoke, { clock, maxAttempts: 3, random: () => 0 }).catch((caught) => caught);
    expect(calls()).toBe(3);
    expect(error).toMatchObject({ name: "SystemError", code: "transport", status: 500 });
    expect(error.message).toContain("gave up after 3 attempt(s)");
  });

  it("does not retry a bad request, nor a server that asks to wait too long", async () => {
    const clock = new FakeClock();
    const bad = new BadRequestError(400, undefined, "bad", headers({}));
    const first = failing([bad]);
    await expect(withRetries(first.invoke, { clock })).rejects.toBe(bad);
    expect(first.calls()).toBe(1);
    const patient = failing([new RateLimitError(429, undefined, "later", headers({ "retry-after": "3600" }))]);
    await expect(withRetries(patient.invoke, { clock, maxRetryAfterMs: 60_000 })).rejects.toMatchObject({
      message: expect.stringContaining("asked to wait 3600 s"),
    });
    expect(clock.sleeps).toEqual([]);
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    let calls = 0;
    const invoke = async () => {
      calls++;
      controller.abort();
      throw new InternalServerError(500, undefined, "boom", headers({}));
    };
    await expect(withRetries(invoke, { signal: controller.signal, baseDelayMs: 60_000 })).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(1);
  });

  it("reports each retry to onRetry", async () => {
    const events: string[] = [];
    const { invoke } = failing([new APIConnectionTimeoutError()]);
    await withRetries(invoke, { clock: new FakeClock(), random: () => 0, onRetry: (event) => events.push(`${event.attempt}:${event.reason}`) }, "tool");
    expect(events).toEqual(["1:APIConnectionTimeoutError"]);
  });

  it("keeps backoff within its ceiling", () => {
    expect(backoffDelay(10, { baseDelayMs: 500, maxDelayMs: 30_000 }, 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(0, { baseDelayMs: 500 }, 0)).toBe(0);
  });
});
