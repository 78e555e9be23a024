import { describeCall, callTurns, leafValues, parseArguments } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { isObject } from "../../formats/record-format.js";
import { isPromptOnly, mentionsValue, sameValue, variantOf } from "./negative-record.js";

/**
 * `missing-info`: a value a required argument needs was left out of the request and only the
 * user knows it. The right trajectory asks before the call that needs it and uses the answer.
 * Rejects: the opening request already stating it (then the dialogue teaches nothing), a call to
 * the function that needs it before the user gave it (a guess), any argument holding the value
 * before the user gave it, the value never given, and a later call that ignores the answer.
 */
export const missingInfoCheck: TrajectoryCheck = {
  name: "missing-info-behaviour",
  description: "a missing-info variant asks for the withheld value before the call that needs it, and calls with the user's answer",
  defaultSeverity: "reject",
  run(record, context) {
    const view = variantOf(record, context);
    if (view?.variant !== "missing-info") return undefined;
    if (isPromptOnly(record)) return referenceFindings(record.meta);
    const withheld = view.facts?.withheld_value;
    if (!withheld) return { detail: "missing-info: the record has no withheld value in meta.negative.withheld_value" };
    const findings: CheckFinding[] = [];
    const users = record.messages.flatMap((message, index) => (message.role === "user" ? [{ index, text: message.content }] : []));
    const opening = users[0];
    if (opening && mentionsValue(opening.text, withheld.value)) {
      findings.push({ detail: `missing-info: the opening request already states ${withheld.label} ('${withheld.value}'), which was to be asked for` });
      return findings;
    }
    const given = users.find((user) => mentionsValue(user.text, withheld.value))?.index ?? Infinity;
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        if (turn.index > given) continue;
        if (call.function.name === withheld.function) {
          findings.push({
            detail: `missing-info: message ${turn.index} calls ${describeCall(call)} before the user gave ${withheld.label}; the value is guessed — ask first`,
          });
          continue;
        }
        const parsed = parseArguments(call.function.arguments);
        if ("value" in parsed && leafValues(parsed.value).some((value) => sameValue(value, withheld.value))) {
          findings.push({ detail: `missing-info: message ${turn.index} ${describeCall(call)} uses '${withheld.value}' before the user gave it` });
        }
      }
    }
    if (given === Infinity) {
      findings.push({ detail: `missing-info: ${withheld.label} was never given by the user; the assistant must ask for it and use the answer` });
      return findings;
    }
    const after = callTurns(record)
      .filter((turn) => turn.index > given)
      .flatMap((turn) => turn.calls.map((call) => ({ turn, call })))
      .find(({ call }) => call.function.name === withheld.function);
    if (after) {
      const parsed = parseArguments(after.call.function.arguments);
      const used = "value" in parsed ? parsed.value[withheld.parameter] : undefined;
      if (!sameValue(used, withheld.value)) {
        findings.push({
          detail: `missing-info: message ${after.turn.index} ${describeCall(after.call)} sets '${withheld.parameter}' to ${JSON.stringify(used)}, not the '${withheld.value}' the user gave`,
        });
      }
    }
    return findings;
  },
};

/** A benchmark prompt's reference (BFCL miss_param) must have a turn with no call: where asking is right. */
function referenceFindings(meta: Record<string, unknown>): CheckFinding[] {
  const turns = isObject(meta.reference) && Array.isArray(meta.reference.turns) ? meta.reference.turns : undefined;
  if (!turns) return [];
  if (turns.some((turn) => Array.isArray(turn) && turn.length === 0)) return [];
  return [{ detail: "missing-info: the reference has no turn without calls, so nowhere does it ask for the missing value" }];
}
