import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A throwaway redis-server on 127.0.0.1, started by a test and stopped by it. */
export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:PORT/` + a queue name. */
  queueUrl(name: string): string;
  stop(): Promise<void>;
}

/** Why Redis tests must skip here, or undefined when `redis-server` can be run. */
export function redisUnavailable(): string | undefined {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    return "redis-server is not installed (apt-get install redis-server); skipping the queue tests";
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Start redis-server on a free port with persistence off; resolves once it accepts connections. */
export async function startTestRedis(): Promise<TestRedis> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ready = await new Promise<boolean>((resolve) => {
      let output = "";
      child.stdout!.on("data", (chunk) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) resolve(true);
      });
      child.once("exit", () => resolve(false));
    });
    if (ready) return handle(child, port);
  }
  throw new Error("redis-server did not start (three ports tried)");
}

function handle(child: ChildProcess, port: number): TestRedis {
  return {
    port,
    queueUrl: (name) => `redis://127.0.0.1:${port}/${name}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
