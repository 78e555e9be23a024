import type { Transport } from "../../llm/model-call.js";
import { UserError } from "../../errors.js";
import { systemClock, type Clock } from "../clock.js";
import type { RateLimits } from "../rate-limit.js";
import type { QueueConnection } from "./queue-connection.js";

/**
 * The runner's token buckets (see rate-limit.ts: a sixth of a minute's allowance as burst,
 * tokens debited after the call) kept in one Redis hash, so the limit holds over all workers
 * of a run together. Redis's clock is used, so worker clocks need not agree. Returns the wait
 * in ms before a request may start (0 = taken).
 */
const BUCKET_SCRIPT = `
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local rcap = 0
local tcap = 0
if rpm > 0 then rcap = math.max(1, rpm / 6) end
if tpm > 0 then tcap = math.max(1, tpm / 6) end
local state = redis.call('HMGET', KEYS[1], 'requests', 'tokens', 'updated')
local requests = tonumber(state[1]) or rcap
local tokens = tonumber(state[2]) or tcap
local updated = tonumber(state[3]) or now
local elapsed = math.max(0, now - updated)
if rpm > 0 then requests = math.min(rcap, requests + elapsed * rpm / 60000) end
if tpm > 0 then tokens = math.min(tcap, tokens + elapsed * tpm / 60000) end
local wait = 0
if ARGV[3] == 'acquire' then
  if rpm > 0 and requests < 1 then wait = math.max(wait, (1 - requests) * 60000 / rpm) end
  if tpm > 0 and tokens < 0 then wait = math.max(wait, -tokens * 60000 / tpm) end
  if wait == 0 and rpm > 0 then requests = requests - 1 end
elseif tpm > 0 then
  tokens = tokens - tonumber(ARGV[4])
end
redis.call('HSET', KEYS[1], 'requests', tostring(requests), 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], 120000)
return math.ceil(wait)
`;

export interface SharedRateLimitOptions {
  connection: QueueConnection;
  limits: RateLimits;
  /** The bucket's name; workers that share it share the limit (default `*`, one endpoint). */
  endpoint?: string;
  signal?: AbortSignal;
  clock?: Clock;
}

/** Requests and tokens per minute over every worker of the queue, as a transport layer. */
export function sharedRateLimitTransport(options: SharedRateLimitOptions): Transport {
  for (const [field, value] of Object.entries(options.limits)) {
    if (value !== undefined && !(typeof value === "number" && value > 0)) {
      throw new UserError(`rate limit ${field} must be a positive number, got ${String(value)}`, { field, code: "invalid-config" });
    }
  }
  const { redis, keys } = options.connection;
  const clock = options.clock ?? systemClock;
  const key = keys.rateBucket(options.endpoint ?? "*");
  const rpm = options.limits.requestsPerMinute ?? 0;
  const tpm = options.limits.tokensPerMinute ?? 0;
  const bucket = (operation: "acquire" | "settle", tokens = 0) =>
    redis.eval(BUCKET_SCRIPT, 1, key, rpm, tpm, operation, tokens) as Promise<number>;
  return async (invoke) => {
    for (;;) {
      const wait = Number(await bucket("acquire"));
      if (wait <= 0) break;
      await clock.sleep(wait, options.signal);
    }
    const result = await invoke();
    const tokens = reportedTokens(result);
    if (tpm > 0 && tokens > 0) await bucket("settle", tokens);
    return result;
  };
}

function reportedTokens(result: unknown): number {
  const usage = (result as { usage_metadata?: { total_tokens?: number; input_tokens?: number; output_tokens?: number } })?.usage_metadata;
  if (!usage) return 0;
  return usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
}
