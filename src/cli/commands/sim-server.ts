import type { Command } from "commander";
import { parseFaultMix } from "../../run/fault-injector.js";
import { startSimServer } from "../../run/sim-server.js";
import { decimal, wholeNumber } from "../option-parsers.js";

interface SimServerFlags {
  port: number;
  latencyMs: number;
  failRate: number;
  seed: number;
  faults?: string;
  retryAfter: number;
}

export function registerSimServerCommand(program: Command): Command {
  return program
    .command("sim-server")
    .description("serve the offline simulator as an OpenAI-compatible endpoint (POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models) on 127.0.0.1")
    .option("--port <n>", "port to listen on (0 picks a free one)", wholeNumber(0), 8787)
    .option("--latency-ms <ms>", "delay before every answer", decimal(0), 0)
    .option("--fail-rate <r>", "share of requests that fail with an injected fault, 0–1", decimal(0, 1), 0)
    .option("--seed <n>", "seed for the simulator and the fault choices", wholeNumber(0), 0)
    .option("--faults <mix>", "fault kinds and weights, e.g. rate-limit=2,server-error=1,timeout=1,malformed=1 (default: all equal)")
    .option("--retry-after <seconds>", "Retry-After sent with injected 429s", decimal(0), 1)
    .action(async (flags: SimServerFlags) => {
      const server = await startSimServer({
        port: flags.port,
        latencyMs: flags.latencyMs,
        failRate: flags.failRate,
        seed: flags.seed,
        faults: flags.faults ? parseFaultMix(flags.faults) : undefined,
        retryAfterSeconds: flags.retryAfter,
      });
      process.stdout.write(
        `sim-server listening on ${server.url}\n` +
          `  use it with: --model openai:sim --base-url ${server.url}   (any API key works)\n` +
          `  press Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      const stats = server.stats();
      await server.close();
      process.stdout.write(`sim-server stopped: ${stats.requests} requests, ${stats.completions} completions, faults ${JSON.stringify(stats.faults)}\n`);
    });
}
