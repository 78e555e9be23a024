import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { allCalls, describeCall } from "../record-view.js";

/** Every called function is in the record's tool list. */
export const knownFunctionsCheck: TrajectoryCheck = {
  name: "known-functions",
  description: "every called function is defined in the record's tools",
  defaultSeverity: "reject",
  run(record) {
    const names = new Set(record.tools.map((tool) => tool.function.name));
    const findings: CheckFinding[] = [];
    for (const call of allCalls(record)) {
      if (!names.has(call.function.name)) {
        const known = [...names].slice(0, 8).join(", ") || "none";
        findings.push({ detail: `call ${describeCall(call)} names a function that is not in the tools (tools: ${known})` });
      }
    }
    return findings;
  },
};
