import { describeCall, callTurns } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { referenceCallNames } from "../../formats/bfcl-format.js";
import { isObject } from "../../formats/record-format.js";
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
    if (isPromptOnly(record)) return [...findings, ...referenceFindings(record.meta)];
    const answer = finalAnswerText(record);
    if (answer === undefined) return findings;
    const claim = claimAbout(answer, view.facts?.unserved_texts ?? []);
    if (claim) findings.push({ detail: `missing-function: the final answer claims "${claim.sentence}", which the offered functions cannot do ("${claim.subtask}")` });
    else if (!statesInability(answer)) findings.push({ detail: "missing-function: the final answer never says which part of the request cannot be done" });
    return findings;
  },
};

/**
 * A benchmark prompt's reference (BFCL miss_func): no reference call to a missed function before
 * the turn that makes it available. Checks that our rule agrees with the benchmark's answers.
 */
function referenceFindings(meta: Record<string, unknown>): CheckFinding[] {
  const turns = isObject(meta.reference) && Array.isArray(meta.reference.turns) ? meta.reference.turns : [];
  const missed = isObject(meta.missed_function) ? meta.missed_function : {};
  const findings: CheckFinding[] = [];
  for (const [turnText, names] of Object.entries(missed)) {
    const available = Number(turnText);
    if (!Array.isArray(names)) continue;
    turns.slice(0, available).forEach((turn, index) => {
      for (const name of referenceCallNames(turn)) {
        if (names.includes(name)) findings.push({ detail: `missing-function: the reference calls '${name}' in turn ${index}, before turn ${available} makes it available` });
      }
    });
  }
  return findings;
}
