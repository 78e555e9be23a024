import { argumentLeaves, isIdentifier, offeredBySchema } from "../evidence/argument-kinds.js";
import { evidenceBefore, visibleText } from "../evidence/dialogue-evidence.js";
import { containsWords, normalText } from "../evidence/text-matching.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { where } from "./argument-provenance-check.js";

/**
 * A call that uses an identifier (an `*_id`, a booking code, an account or card number, an
 * e-mail, or any value that mixes letters and digits without spaces) uses one a result
 * returned or the user (or the system prompt) gave before the call. An id that appears only in
 * an earlier call's arguments does not count: the first call already invented it.
 */
export const identifierProvenanceCheck: TrajectoryCheck = {
  name: "identifier-provenance",
  description: "identifiers in calls were returned by an earlier result or given by the user",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const leaf of argumentLeaves(record)) {
      if (!isIdentifier(leaf.key, leaf.value) || offeredBySchema(leaf.spec, leaf.value)) continue;
      const seen = visibleText(evidenceBefore(record, leaf.messageIndex), ["user", "result", "system"]);
      const value = String(leaf.value).trim();
      if (containsWords(seen, normalText(value)) || seen.includes(value.toLowerCase())) continue;
      findings.push({ detail: `${where(leaf)}: the identifier '${value}' was returned by no earlier result and never given by the user` });
    }
    return findings;
  },
};
