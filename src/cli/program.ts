import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerCollectCommand } from "./commands/collect.js";
import { registerConstructCommand } from "./commands/construct.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerEnqueueCommand } from "./commands/enqueue.js";
import { registerExportCommand } from "./commands/export.js";
import { registerRunCommand } from "./commands/run.js";
import { registerSimServerCommand } from "./commands/sim-server.js";
import { registerSimulateCommand } from "./commands/simulate.js";
import { registerStatsCommand } from "./commands/stats.js";
import { registerValidateCommand } from "./commands/validate.js";
import { registerWorkerCommand } from "./commands/worker.js";

/** The `button` program: a thin shell over the library, one module per command. */
export function buttonProgram(): Command {
  const program = new Command("button")
    .description("Synthesise multi-turn function-calling training data with the BUTTON method.")
    .version(packageVersion())
    .showHelpAfterError("(run with --help for usage)");
  registerDemoCommand(program);
  registerConstructCommand(program);
  registerSimulateCommand(program);
  registerRunCommand(program);
  registerExportCommand(program);
  registerValidateCommand(program);
  registerStatsCommand(program);
  registerSimServerCommand(program);
  registerEnqueueCommand(program);
  registerWorkerCommand(program);
  registerCollectCommand(program);
  return program;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

