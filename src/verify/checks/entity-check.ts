import { argumentLeaves, isEntityParameter, looksLikeProperName, offeredBySchema } from "../evidence/argument-kinds.js";
import { evidenceBefore, visibleText } from "../evidence/dialogue-evidence.js";
import { containsWords, normalText } from "../evidence/text-matching.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { where } from "./argument-provenance-check.js";

/**
 * A call about an entity — a city, a person, a product, a hotel (read from the parameter's
 * name, with a value written as a proper name) — is about one the user mentioned or an earlier
 * result returned. Unlike argument provenance, neither the system prompt nor the assistant's
 * own earlier calls count: a model must not pick the subject of a call itself.
 */
export const entityCheck: TrajectoryCheck = {
  name: "entity-mentioned",
  description: "calls are about entities (cities, people, products) the user mentioned or a result returned",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const leaf of argumentLeaves(record)) {
      if (typeof leaf.value !== "string" || !isEntityParameter(leaf.key) || !looksLikeProperName(leaf.value)) continue;
      if (offeredBySchema(leaf.spec, leaf.value)) continue;
      const seen = visibleText(evidenceBefore(record, leaf.messageIndex), ["user", "result"]);
      const value = normalText(leaf.value);
      if (containsWords(seen, value)) continue;
      // "Fushimi Inari Shrine" for "Fushimi Inari": most of a multi-word name is enough.
      const words = value.split(" ").filter((word) => word.length >= 3);
      if (words.length >= 2 && words.filter((word) => containsWords(seen, word)).length >= Math.ceil(words.length / 2)) continue;
      findings.push({ detail: `${where(leaf)}: '${leaf.value}' is an entity the user never mentioned and no earlier result returned` });
    }
    return findings;
  },
};
