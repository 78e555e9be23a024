import { describeCall, callTurns } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { claimAbout, finalAnswerText, isPromptOnly, statesInability, variantOf } from "./negative-record.js";

/**
 * `missing-function`: one sub-task's functions are withheld. Rejects a call to a withheld
 * function, a final answer that never says which part cannot be done, and one that claims the
 * withheld part was done.
 */
export const missingFunctionCheck: TrajectoryCheck = {
  name: "missing-function-behaviour",
  description: "a missing-function variant never calls the withheld function and says which part it cannot do",
  defaultSeverity: "reject",
  run(record, context) {
    const view = variantOf(record, context);
    if (view?.variant !== "missing-function") return undefined;
    const withheld = new Set(view.facts?.withheld_functions ?? []);
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        if (withheld.has(call.function.name)) {
          findings.push({
            detail: `missing-function: message ${turn.index} calls ${describeCall(call)}, a withheld function that is not offered; the right trajectory does the rest and says it cannot do this part`,
          });
        }
      }
    }
    if (isPromptOnly(record)) return findings;
    const answer = finalAnswerText(record);
    if (answer === undefined) return findings;
    const claim = claimAbout(answer, view.facts?.unserved_texts ?? []);
    if (claim) findings.push({ detail: `missing-function: the final answer claims "${claim.sentence}", which the offered functions cannot do ("${claim.subtask}")` });
    else if (!statesInability(answer)) findings.push({ detail: "missing-function: the final answer never says which part of the request cannot be done" });
    return findings;
  },
};
