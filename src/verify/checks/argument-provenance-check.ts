import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { argumentLeaves, describedBySchema, isCode, isEntityParameter, isFreeTextParameter, isIdentifier, looksLikeProperName, offeredBySchema, type ArgumentLeaf } from "../evidence/argument-kinds.js";
import { dayIsAmong, parseDateValue } from "../evidence/date-expressions.js";
import { evidenceBefore, visibleText, type VisibleEvidence } from "../evidence/dialogue-evidence.js";
import { containsWords, contentWords, normalText, numbersIn, oneStepResults, sameAtPrecision, stem, statedNumber, unitConversions } from "../evidence/text-matching.js";
import { wordsForCode } from "../evidence/well-known-codes.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** Share of a free-text value's content words that must have been seen (user, results, system). */
export const FREE_TEXT_MIN_SEEN = 0.5;

/**
 * Every argument value came from somewhere the assistant could see before the call: the
 * user's words, an earlier result (nested fields and list items included), the system prompt
 * (not its tool list), an earlier call, the parameter's enum or default, or one documented
 * derivation step — arithmetic on two seen numbers, a unit factor (km↔m, h↔min, °C↔°F, …),
 * a currency or language code for its name, a written or relative date ("this Saturday")
 * resolved against a date visible in the dialogue. Whole numbers up to 10 pass (counts,
 * pages, limits). Free-text parameters (a message body, a query, a summary; or any value of six
 * words or more) pass when at least half their content words were seen. Identifiers are left
 * to the `identifier-provenance` check.
 */
export const argumentProvenanceCheck: TrajectoryCheck = {
  name: "argument-provenance",
  description: "every argument value was seen earlier (user, results, schema) or is one documented step from what was",
  defaultSeverity: "reject",
  run(record) {
    return provenanceFindings(record, "values");
  },
};

/**
 * The same rule for short codes and coordinates ("AAPL" for Apple, "en", "1d", a latitude):
 * a model derives them with world knowledge this check lacks, so they only warn.
 */
export const argumentCodesCheck: TrajectoryCheck = {
  name: "argument-codes",
  description: "short codes and coordinates in arguments were seen earlier (warns: deriving them takes world knowledge)",
  defaultSeverity: "warn",
  run(record) {
    return provenanceFindings(record, "codes");
  },
};

const TRANSLATION = /\b(translat\w*|english|spanish|french|german|italian|portuguese|japanese|chinese|mandarin|korean|russian|arabic|hindi|dutch|swedish|turkish|polish|greek)\b/;

/** Parameters that hold the model's own reasoning (τ-bench's `think`): nothing to trace. */
const OWN_WORDS = /^(thought|thoughts|reasoning|rationale|explanation|plan|scratchpad)$/i;

export function provenanceFindings(record: TrajectoryRecord, kind: "values" | "codes"): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const leaf of argumentLeaves(record)) {
    if (typeof leaf.value === "boolean" || String(leaf.value).trim() === "") continue;
    if (isIdentifier(leaf.key, leaf.value) || OWN_WORDS.test(leaf.key)) continue;
    if (String(leaf.value).trim().length < 2 || offeredBySchema(leaf.spec, leaf.value) || describedBySchema(leaf.spec, leaf.value)) continue;
    const code = typeof leaf.value !== "boolean" && isCode(leaf.key, leaf.value) && !parseDateValue(String(leaf.value)) &&
      !(isEntityParameter(leaf.key) && typeof leaf.value === "string" && looksLikeProperName(leaf.value));
    if (code !== (kind === "codes")) continue;
    const problem = unsupported(leaf, evidenceBefore(record, leaf.messageIndex));
    if (problem) findings.push({ detail: `${where(leaf)}: ${problem}` });
  }
  return findings;
}

export function where(leaf: ArgumentLeaf): string {
  return `message ${leaf.messageIndex}, call '${leaf.functionName}' (${leaf.callId}), argument '${leaf.path}'`;
}

/** Why the value is not supported by what was visible, or undefined when it is. */
function unsupported(leaf: ArgumentLeaf, evidence: VisibleEvidence): string | undefined {
  const value = leaf.value;
  const seenText = visibleText(evidence, ["user", "result", "system", "argument"]);
  if (typeof value === "number" || /^-?\d+(?:\.\d+)?$/.test(String(value).trim())) {
    const number = typeof value === "number" ? value : Number(String(value).trim());
    if (Number.isInteger(number) && number >= 1900 && number <= 2100 && !/year|yr|season|vintage|edition/.test(leaf.key.toLowerCase()) && statedOnlyAsYear(number, seenText)) {
      return `${JSON.stringify(value)} is stated only as the year of a date, not as a value for '${leaf.key}'`;
    }
    return numberSupported(number, evidence) ? undefined : `${JSON.stringify(value)} is no number stated earlier, nor one arithmetic or unit step from one`;
  }
  const text = String(value).trim();
  // "2025-08" for "August 2025": a month is stated when a day of it is (the written month names its first and last day).
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    if ([...evidence.days].some((day) => day.startsWith(`${text}-`)) || containsWords(seenText, normalText(text))) return undefined;
    return `the month '${text}' is not written in the dialogue and no date it shows falls in it`;
  }
  const day = parseDateValue(text);
  if (day) {
    if (dayIsAmong(day, evidence.days) || containsWords(seenText, normalText(text))) return undefined;
    return `the date '${text}' is not written in the dialogue and no relative date ("tomorrow", "this Saturday") resolves to it from a date the dialogue shows`;
  }
  const normal = normalText(text);
  if (normal === "" || containsWords(seenText, normal)) return undefined;
  const time = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text);
  if (time && timeSeen(Number(time[1]), Number(time[2]), seenText)) return undefined;
  if (wordsForCode(text).some((word) => containsWords(seenText, normalText(word)) || seenText.includes(word))) return undefined;
  if (isFreeTextParameter(leaf.key, leaf.spec, text)) {
    const words = contentWords(text);
    if (words.length === 0) return undefined;
    const unseen = words.filter((word) => !evidence.words.has(word) && !evidence.stems.has(stem(word)));
    if ((words.length - unseen.length) / words.length >= FREE_TEXT_MIN_SEEN) return undefined;
    // A translation is a derivation: when the dialogue asks for another language, the words change.
    if (TRANSLATION.test(seenText)) return undefined;
    return `free text with ${unseen.length} of ${words.length} content words never seen earlier (${unseen.slice(0, 5).join(", ")})`;
  }
  // The words in another order or form ("Inari Shrine, Fushimi"), with any numbers in it stated.
  const words = contentWords(text);
  const numbers = numbersIn(text);
  const wordsSeen = words.every((word) => evidence.words.has(word) || evidence.stems.has(stem(word)));
  const numbersSeen = numbers.every((number) => number.value <= 10 || evidence.numbers.some((seen) => sameAtPrecision(number, seen)));
  if (words.length + numbers.length > 0 && wordsSeen && numbersSeen && words.length > 0) return undefined;
  return `'${truncate(text)}' appears nowhere earlier (not in the user's words, a result, the system prompt or the parameter's enum/default)`;
}

const MONTH_WORDS = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*";

/** Every time the dialogue states `year`, it is part of a date ("August 2025", "2025-08-14", "5/20/2025"), so it is no amount. */
function statedOnlyAsYear(year: number, seenText: string): boolean {
  const occurrences = [...seenText.matchAll(new RegExp(`(?<![\\d.])${year}(?![\\d]|\\.\\d)`, "g"))];
  if (occurrences.length === 0) return false;
  return occurrences.every((match) => {
    const before = seenText.slice(Math.max(0, match.index! - 24), match.index!);
    const after = seenText.slice(match.index! + String(year).length, match.index! + String(year).length + 8);
    return (
      new RegExp(`${MONTH_WORDS}\\s+(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?$`).test(before) ||
      /^\s\d{1,2}\s\d{1,2}\b/.test(after) ||
      /^\s\d{2}\b/.test(after) ||
      /\b\d{1,2}\s\d{1,2}\s$/.test(before)
    );
  });
}

/** "14:30" was said as "14:30", "2:30 pm", "2.30pm"; "10:00" as "10 am", "10 o'clock"; "12:00" as "noon". */
function timeSeen(hours: number, minutes: number, seenText: string): boolean {
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const suffix = hours < 12 ? "am" : "pm";
  const mm = String(minutes).padStart(2, "0");
  const forms = [`${hours}:${mm}`, `${twelve}:${mm} ${suffix}`, `${twelve}:${mm}${suffix}`, `${twelve}.${mm} ${suffix}`, `${twelve}.${mm}${suffix}`];
  if (minutes === 0) forms.push(`${twelve} ${suffix}`, `${twelve}${suffix}`, `${hours} o'clock`, `${twelve} o clock`, `${twelve} in the ${hours < 12 ? "morning" : hours < 18 ? "afternoon" : "evening"}`);
  if (hours === 12 && minutes === 0) forms.push("noon", "midday");
  if (hours === 0 && minutes === 0) forms.push("midnight");
  return forms.some((form) => containsWords(seenText, normalText(form)));
}

function numberSupported(value: number, evidence: VisibleEvidence): boolean {
  if (Number.isInteger(value) && Math.abs(value) <= 10) return true;
  const stated = statedNumber(value);
  const matches = (candidate: number) => sameAtPrecision(stated, candidate) || Math.abs(candidate - value) <= Math.abs(value) * 1e-6;
  if (evidence.numbers.some(matches)) return true;
  if (evidence.numbers.some((seen) => unitConversions(seen).some(matches))) return true;
  return oneStepResults(evidence.statedNumbers.concat(evidence.numbers)).some(matches);
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
