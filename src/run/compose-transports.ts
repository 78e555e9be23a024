import type { Transport } from "../llm/model-call.js";

/** Chain transports: the first is outermost (e.g. retries around rate limits). */
export function composeTransports(...transports: (Transport | undefined)[]): Transport | undefined {
  const present = transports.filter((transport): transport is Transport => transport !== undefined);
  if (present.length === 0) return undefined;
  return present.reduceRight<Transport>(
    (inner, outer) => (invoke, info) => outer(() => inner(invoke, info), info),
    (invoke) => invoke(),
  );
}
