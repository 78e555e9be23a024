import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { callTurns, describeCall } from "../record-view.js";

/**
 * Each tool call is answered by exactly one tool message carrying its id, in the block of tool
 * messages right after the call; no tool message answers an unknown id; a tool message's `name`,
 * when given, is the called function's.
 */
export const callPairingCheck: TrajectoryCheck = {
  name: "call-result-pairing",
  description: "each call answered by exactly one tool message with its id, right after the call",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    const turns = callTurns(record);
    const allIds = new Set(turns.flatMap((turn) => turn.calls.map((call) => call.id)));
    for (const turn of turns) {
      for (const call of turn.calls) {
        const answers = turn.results.filter((result) => result.tool_call_id === call.id);
        if (answers.length === 0) findings.push({ detail: `call ${describeCall(call)} has no tool result` });
        if (answers.length > 1) findings.push({ detail: `call ${describeCall(call)} is answered ${answers.length} times` });
        for (const answer of answers) {
          if (answer.name !== undefined && answer.name !== call.function.name) {
            findings.push({ detail: `the result for call ${describeCall(call)} is named '${answer.name}'` });
          }
        }
      }
      const ids = new Set(turn.calls.map((call) => call.id));
      for (const result of turn.results) {
        if (!ids.has(result.tool_call_id)) {
          findings.push({
            detail: allIds.has(result.tool_call_id)
              ? `a tool result for call '${result.tool_call_id}' comes after a later assistant turn`
              : `a tool result answers call id '${result.tool_call_id}', which no assistant turn made`,
          });
        }
      }
    }
    return findings;
  },
};
