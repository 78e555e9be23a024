/** sim-server in its own process for the benchmark; prints its URL, stops on SIGTERM. argv[2]: latency in ms (default 0). */
import { startSimServer } from "../src/run/sim-server.js";

const server = await startSimServer({ port: 0, latencyMs: Number(process.argv[2] ?? 0) });
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
