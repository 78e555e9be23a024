#!/usr/bin/env node
import { CommanderError } from "commander";
import { isModelBehaviorError, isSystemError, isUserError } from "../errors.js";
import { buttonProgram } from "./program.js";

/** Our errors already say what to do: print them plainly, without a stack, and exit non-zero. */
async function main(argv: string[]): Promise<void> {
  try {
    const program = buttonProgram().exitOverride();
    // Subcommands added before exitOverride do not inherit it: without this they would exit(1) themselves.
    for (const command of program.commands) command.exitOverride();
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with 0; a malformed flag or a missing argument is bad input, like any other: 2.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isUserError(error) || isSystemError(error) || isModelBehaviorError(error)) {
      process.stderr.write(`button: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

// `button stats out | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

await main(process.argv);
