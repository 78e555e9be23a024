/** sim-server in its own process for the benchmark; prints its URL, stops on SIGTERM. */
import { startSimServer } from "../src/run/sim-server.js";

const server = await startSimServer({ port: 0 });
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
