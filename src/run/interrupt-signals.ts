/** Ctrl-C handling for runs: the first press drains, the second cancels. */
export interface InterruptSignals {
  /** Aborted on the first SIGINT or on SIGTERM: stop drawing tasks, finish those in flight. */
  drain: AbortSignal;
  /** Aborted on the second SIGINT: drop in-flight tasks (a resume redoes them). */
  signal: AbortSignal;
  dispose(): void;
}

export function interruptSignals(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): InterruptSignals {
  const drain = new AbortController();
  const cancel = new AbortController();
  const onInterrupt = () => {
    if (!drain.signal.aborted) {
      log("\nStopping: finishing the tasks in flight and writing the manifest. Press Ctrl-C again to stop at once.");
      drain.abort();
    } else if (!cancel.signal.aborted) {
      log("\nStopping now: tasks in flight are dropped; --resume will redo them.");
      cancel.abort();
    }
  };
  const onTerminate = () => {
    if (!drain.signal.aborted) drain.abort();
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onTerminate);
  return {
    drain: drain.signal,
    signal: cancel.signal,
    dispose: () => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
    },
  };
}
