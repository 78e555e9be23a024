/** Ctrl-C handling for runs: the first press drains, the second cancels. */
export interface InterruptSignals {
  /** Aborted on the first SIGINT or on SIGTERM: stop drawing tasks, finish those in flight. */
  drain: AbortSignal;
  /** Aborted on the second SIGINT: drop in-flight tasks (a resume redoes them). */
  signal: AbortSignal;
  dispose(): void;
}

/** How long SIGTERM lets the tasks in flight finish before it drops them (service managers kill soon after). */
export const TERMINATE_GRACE_MS = 5_000;

export function interruptSignals(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  graceMs: number = TERMINATE_GRACE_MS,
): InterruptSignals {
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
  let grace: NodeJS.Timeout | undefined;
  // SIGTERM asks to stop soon: drain like Ctrl-C, but drop what is still in flight after a grace
  // period (a stalled request must not keep the process alive), or at once on a second SIGTERM.
  const onTerminate = () => {
    if (!drain.signal.aborted) {
      log(`\nTerminating: finishing the tasks in flight for up to ${Math.round(graceMs / 1000)} s, then stopping; --resume redoes the rest.`);
      drain.abort();
      grace = setTimeout(() => cancel.abort(), graceMs);
      grace.unref();
    } else if (!cancel.signal.aborted) {
      cancel.abort();
    }
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onTerminate);
  return {
    drain: drain.signal,
    signal: cancel.signal,
    dispose: () => {
      if (grace) clearTimeout(grace);
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onTerminate);
    },
  };
}
