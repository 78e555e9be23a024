#!/usr/bin/env node
import { CommanderError } from "commander";
import { isModelBehaviorError, isSystemError, isUserError } from "../errors.js";
import { buttonProgram } from "./program.js";
import { terminalSafe } from "./terminal-text.js";

/** What an operating-system error code means for the user, in a few words. */
const SYSTEM_CODES: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "is a directory, not a file",
  EEXIST: "already exists",
  ENOSPC: "no space left on the device",
  EADDRINUSE: "the port is already in use; choose another --port (0 picks a free one)",
  EADDRNOTAVAIL: "the address is not available on this machine",
  EMFILE: "too many open files; lower --concurrency",
};

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
      process.stderr.write(`button: ${terminalSafe(error.message)}\n`);
      // 2: fix the command or its input; 1: the work failed (endpoint, model, disk).
      process.exitCode = isUserError(error) ? 2 : 1;
      return;
    }
    process.stderr.write(`button: ${terminalSafe(describeUnexpected(error))}\n`);
    if (process.env.BUTTON_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${terminalSafe(error.stack)}\n`);
    process.exitCode = 1;
  }
}

/** One line for an error we did not anticipate: the system's reason if it has one. */
function describeUnexpected(error: unknown): string {
  const { code, path, message, syscall, port } = (error ?? {}) as NodeJS.ErrnoException & { port?: number };
  const reason = code ? SYSTEM_CODES[code] : undefined;
  if (reason) {
    const subject = path ?? (port !== undefined ? `port ${port}` : syscall);
    return `${subject ? `${subject}: ` : ""}${reason} (${code})`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return `${text.split("\n")[0]} (set BUTTON_DEBUG=1 to see the stack trace)`;
}

// `button stats out | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

await main(process.argv);
