/**
 * Where a command writes and how it sets the exit code; tests pass their own to capture output
 * without touching the process.
 */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

export const processIO: CommandIO = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
};
