import { terminalSafe } from "../terminal-text.js";

/**
 * Where a command writes and how it sets the exit code; tests pass their own to capture output
 * without touching the process.
 */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

/** The terminal: text that came from input files is stripped of escape sequences and secrets first. */
export const processIO: CommandIO = {
  out: (text) => void process.stdout.write(`${terminalSafe(text)}\n`),
  err: (text) => void process.stderr.write(`${terminalSafe(text)}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
};
