import { describe, expect, it } from "vitest";
import { AIMessage } from "@langchain/core/messages";
import { composeTransports } from "../../src/run/compose-transports.js";
import { RateLimiter, rateLimitTransport } from "../../src/run/rate-limit.js";
import { FakeClock } from "./fake-clock.js";

describe("RateLimiter", () => {
  it("spaces requests to the requests-per-minute rate after the initial burst", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, clock);
    const start = clock.now();
    const startedAt: number[] = [];
    for (let index = 0; index < 15; index++) {
      await limiter.acquire();
      startedAt.push(clock.now() - start);
    }
    // A burst of 10 (a sixth of a minute), then one a second.
    expect(startedAt.slice(0, 10).every((time) => time === 0)).toBe(true);
    expect(startedAt.slice(10)).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it("holds calls back until the tokens spent are paid off", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ tokensPerMinute: 6_000 }, clock);
    await limiter.acquire();
    limiter.settle(4_000); // 1000 burst − 4000 = −3000 → 30 s at 100 tokens/s
    expect(limiter.waitTime()).toBe(30_000);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([30_000]);
  });

  it("rejects a limit that is not positive", () => {
    expect(() => new RateLimiter({ requestsPerMinute: 0 })).toThrow(/positive/);
  });
});

describe("rateLimitTransport", () => {
  it("limits each endpoint on its own and debits the tokens the reply reports", async () => {
    const clock = new FakeClock();
    const transport = rateLimitTransport({
      limits: { slow: { requestsPerMinute: 6 }, "*": { tokensPerMinute: 600 } },
      endpointOf: (info) => (info.role === "tool" ? "slow" : "fast"),
      clock,
    });
    const reply = () => Promise.resolve(new AIMessage({ content: "x", usage_metadata: { input_tokens: 150, output_tokens: 50, total_tokens: 200 } }));
    await transport(reply, { role: "tool" });
    await transport(reply, { role: "tool" });
    expect(clock.sleeps).toEqual([10_000]);
    await transport(reply, { role: "assistant" }); // 100 burst − 200 = −100
    await transport(reply, { role: "assistant" });
    expect(clock.sleeps).toEqual([10_000, 10_000]);
  });

  it("composes with other transports outermost-first", async () => {
    const order: string[] = [];
    const tag = (name: string) => async <T>(invoke: () => Promise<T>) => {
      order.push(`${name}>`);
      const result = await invoke();
      order.push(`<${name}`);
      return result;
    };
    const transport = composeTransports(tag("retry"), undefined, tag("limit"))!;
    expect(await transport(async () => 42, { role: "user" })).toBe(42);
    expect(order).toEqual(["retry>", "limit>", "<limit", "<retry"]);
  });
});
