import { Queue, type RedisOptions } from "bullmq";
import { Redis, type RedisOptions as IORedisOptions } from "ioredis";
import { SystemError } from "../../errors.js";
import type { QueueAddress } from "./queue-address.js";

/** BullMQ's key prefix for every run: keys are `button:<queue name>:…`. */
export const QUEUE_PREFIX = "button";

/** The Redis keys a run uses besides BullMQ's own (job ids start with `task-`, so these never collide). */
export interface QueueKeys {
  /** Hash: the run config (`run`, JSON) and the shared counters (tokens, cost, accepted, stop_reason). */
  run: string;
  /** Stream: finished records on their way to the collector. */
  results: string;
  /** Hash: transport retries by reason, summed over workers. */
  retries: string;
  /** Hash: the shared rate-limit bucket of one endpoint. */
  rateBucket(endpoint: string): string;
}

/** One open connection to a run's queue: a plain Redis client for our keys and a BullMQ queue. */
export interface QueueConnection {
  address: QueueAddress;
  redis: Redis;
  queue: Queue;
  keys: QueueKeys;
  /** Connection settings for more BullMQ clients (a worker opens its own blocking connection). */
  redisOptions: RedisOptions;
  close(): Promise<void>;
}

export function redisOptionsOf(address: QueueAddress): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    username: address.username,
    password: address.password,
    ...(address.tls ? { tls: {} } : {}),
    // BullMQ's blocking commands must wait out reconnects instead of failing after N tries.
    maxRetriesPerRequest: null,
  };
}

export function queueKeys(name: string): QueueKeys {
  const base = `${QUEUE_PREFIX}:${name}`;
  return {
    run: `${base}:button-run`,
    results: `${base}:button-results`,
    retries: `${base}:button-retries`,
    rateBucket: (endpoint) => `${base}:button-rate:${endpoint}`,
  };
}

/** Connect to the queue's Redis, failing fast with a clear message when it cannot be reached. */
export async function openQueueConnection(address: QueueAddress): Promise<QueueConnection> {
  const redisOptions = redisOptionsOf(address);
  const redis = new Redis({ ...(redisOptions as IORedisOptions), lazyConnect: true, maxRetriesPerRequest: 20 });
  // Without a listener ioredis prints every reconnect error; the failures that matter surface on commands.
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new SystemError(
      "transport",
      `cannot reach Redis at ${address.host}:${address.port} (${(error as Error).message}); start redis-server there or fix --queue ${address.text}`,
      { cause: error },
    );
  }
  const queue = new Queue(address.name, { connection: redisOptions, prefix: QUEUE_PREFIX });
  queue.on("error", () => undefined);
  return {
    address,
    redis,
    queue,
    keys: queueKeys(address.name),
    redisOptions,
    close: async () => {
      await queue.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
