/** A slow run with Ctrl-C handling, for the SIGINT test. argv[2]: tasks file, argv[3]: run directory. */
import { interruptSignals } from "../../src/run/interrupt-signals.js";
import { runSimulation } from "../../src/run/run-simulation.js";
import { fakeProcessor } from "./fake-processor.js";

const interrupts = interruptSignals(() => undefined);
const summary = await runSimulation({
  tasks: process.argv[2]!,
  outDir: process.argv[3]!,
  concurrency: 4,
  processor: fakeProcessor({ delay: () => new Promise((resolve) => setTimeout(resolve, 25)) }),
  drain: interrupts.drain,
  signal: interrupts.signal,
});
interrupts.dispose();
process.stdout.write(`${JSON.stringify({ stopReason: summary.stopReason, done: summary.counts.done })}\n`);
