import { argumentProblems } from "../../tools/json-schema.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { allCalls, describeCall, functionSpecs, parseArguments } from "../record-view.js";

/** Every call's arguments are a JSON object that fits the called function's parameters (via ajv). */
export const argumentsCheck: TrajectoryCheck = {
  name: "arguments-valid",
  description: "arguments are a JSON object that fits the tool's parameter schema",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    const specs = functionSpecs(record);
    for (const call of allCalls(record)) {
      const parsed = parseArguments(call.function.arguments);
      if ("problem" in parsed) {
        findings.push({ detail: `call ${describeCall(call)}: ${parsed.problem}` });
        continue;
      }
      const spec = specs.get(call.function.name);
      if (!spec) continue; // unknown names are the known-functions check's finding
      for (const problem of argumentProblems(spec, parsed.value)) findings.push({ detail: `call ${describeCall(call)}: ${problem}` });
    }
    return findings;
  },
};
