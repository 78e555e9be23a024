import { resultProblems } from "../../tools/json-schema.js";
import { isToolErrorResult } from "../../tools/tool-error-result.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { callTurns, describeCall, functionSpecs, parseJsonOrText } from "../record-view.js";

/**
 * Tool results fit the function's declared `responses` (BUTTON specs have them; OpenAI tools
 * usually do not, and then there is nothing to check). Error results are exempt. A warning by default: the result came
 * from a tool, and the assistant's use of it can still be sound.
 */
export const resultsCheck: TrajectoryCheck = {
  name: "results-valid",
  description: "tool results fit the function's declared responses, where it declares them",
  defaultSeverity: "warn",
  run(record) {
    const specs = functionSpecs(record);
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        const spec = specs.get(call.function.name);
        if (!spec || Object.keys(spec.responses).length === 0) continue;
        const result = turn.results.find((message) => message.tool_call_id === call.id);
        // A reported failure ({"error": {...}}) is a legitimate result, not a malformed one.
        if (!result || isToolErrorResult(result.content)) continue;
        for (const problem of resultProblems(spec, parseJsonOrText(result.content))) {
          findings.push({ detail: `result of ${describeCall(call)}: ${problem}` });
        }
      }
    }
    return findings;
  },
};
