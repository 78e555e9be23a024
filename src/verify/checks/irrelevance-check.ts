import { describeCall, callTurns } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { claimAbout, finalAnswerText, isPromptOnly, statesInability, variantOf } from "./negative-record.js";

/**
 * `irrelevance`: no offered function serves the request, so the right trajectory calls nothing
 * and says what it cannot do. Rejects any call, a final answer that never says it cannot help,
 * and one that claims a part of the request was done.
 */
export const irrelevanceCheck: TrajectoryCheck = {
  name: "irrelevance-behaviour",
  description: "an irrelevance variant makes no call, and its final answer says what it cannot do without claiming it was done",
  defaultSeverity: "reject",
  run(record, context) {
    const view = variantOf(record, context);
    if (view?.variant !== "irrelevance") return undefined;
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        findings.push({
          detail: `irrelevance: message ${turn.index} calls ${describeCall(call)}, but none of the offered functions serves this request; the right trajectory calls nothing`,
        });
      }
    }
    if (isPromptOnly(record)) return findings;
    const answer = finalAnswerText(record);
    if (answer === undefined) return findings;
    const claim = claimAbout(answer, view.facts?.unserved_texts ?? []);
    if (claim) findings.push({ detail: `irrelevance: the final answer claims "${claim.sentence}", but nothing could be done with the offered functions` });
    else if (!statesInability(answer)) findings.push({ detail: "irrelevance: the final answer never says that the request cannot be done with the functions offered" });
    return findings;
  },
};
