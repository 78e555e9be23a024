import type { TrajectoryRecord } from "../../schema/trajectory.js";
import { isToolErrorResult } from "../../tools/tool-error-result.js";
import { containsWords, contentWords, normalText, numbersIn, sameAtPrecision, stem } from "../evidence/text-matching.js";
import { callTurns, lastMessage, parseArguments, parseJsonOrText } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** A comparison the user may ask for, the direction that wins, and the result fields it is about. */
interface Comparison {
  words: RegExp;
  pick: "min" | "max";
  fields: RegExp;
}

const COMPARISONS: Comparison[] = [
  { words: /\b(cheaper|cheapest|less expensive|least expensive|lower price|lowest price|more affordable|most affordable)\b/, pick: "min", fields: /price|cost|rate|fare|fee|amount|total/ },
  { words: /\b(more expensive|most expensive|pricier|priciest)\b/, pick: "max", fields: /price|cost|rate|fare|fee|amount|total/ },
  { words: /\b(warmer|warmest|hotter|hottest)\b/, pick: "max", fields: /temp/ },
  { words: /\b(colder|coldest|cooler|coolest|chillier)\b/, pick: "min", fields: /temp/ },
  { words: /\b(quicker|quickest|faster|fastest|shorter trip|shortest trip|less time)\b/, pick: "min", fields: /duration|time|minutes|hours/ },
  { words: /\b(closer|closest|nearer|nearest)\b/, pick: "min", fields: /distance/ },
  { words: /\b(farther|farthest|further|furthest)\b/, pick: "max", fields: /distance/ },
  { words: /\b(better rated|best rated|higher rated|highest rated|higher rating|highest rating)\b/, pick: "max", fields: /rating|score|stars/ },
  { words: /\b(rainier|wetter|more rain)\b/, pick: "max", fields: /rain|precip/ },
  { words: /\b(more populous|most populous|larger population|largest population)\b/, pick: "max", fields: /population/ },
];

const AVERAGE = /\b(average|mean)\b/;
const SUM = /\b(sum|add(?:ed)? (?:them )?up|combined|altogether|in total|total (?:of|cost|price|distance|time|amount|spend|spent))\b/;

interface Candidate {
  label: string;
  field: string;
  value: number;
}

/**
 * The final answer answers what was asked. When the user asks for the cheaper, the warmer, the
 * nearest (…) of things the results priced, and the answer names one, it names the one the
 * results make cheapest (warmest, …). When the user asks for an average or a sum, the answer
 * states the average or sum of a field the results returned (or a total a result gave).
 */
export const answerFitCheck: TrajectoryCheck = {
  name: "answer-fit",
  description: "the final answer picks the cheaper/warmer/… the results show, and states the sum or average asked for",
  defaultSeverity: "reject",
  run(record) {
    const last = lastMessage(record);
    if (!last || last.role !== "assistant" || (last.tool_calls?.length ?? 0) > 0 || !last.content) return undefined;
    const asked = record.messages
      .filter((message) => message.role === "user")
      .map((message) => message.content.toLowerCase())
      .join("\n");
    const answer = last.content;
    const candidates = resultCandidates(record);
    const findings: CheckFinding[] = [];
    const where = `message ${record.messages.length - 1} (final answer)`;
    for (const comparison of COMPARISONS) {
      const word = comparison.words.exec(asked)?.[0];
      if (!word) continue;
      const compared = relevant(candidates, comparison.fields);
      if (compared.length < 2) continue;
      const picked = pickedLabel(answer, [...new Set(compared.map((candidate) => candidate.label))]);
      if (!picked) continue;
      const best = compared.reduce((winner, candidate) => ((comparison.pick === "min" ? candidate.value < winner.value : candidate.value > winner.value) ? candidate : winner));
      const pickedValue = compared.find((candidate) => candidate.label === picked)!.value;
      if (picked !== best.label && pickedValue !== best.value) {
        findings.push({
          detail: `${where}: the user asked for the ${word} and the answer picks '${picked}' (${best.field} ${pickedValue}), but the results make '${best.label}' the ${word} (${best.value})`,
        });
      }
      break;
    }
    for (const [kind, pattern] of [["average", AVERAGE], ["sum", SUM]] as const) {
      if (!pattern.test(asked)) continue;
      // Only fields the request names ("average temperature", "total cost") are aggregated.
      const nouns = requestedNouns(asked, kind);
      const groups = new Map<string, number[]>();
      for (const candidate of candidates) {
        if (!nouns.some((noun) => normalText(candidate.field).split(" ").some((part) => stem(part) === stem(noun)))) continue;
        groups.set(candidate.field, [...(groups.get(candidate.field) ?? []), candidate.value]);
      }
      const expected = [...groups.entries()]
        .filter(([, values]) => values.length >= 2)
        .map(([field, values]) => ({ field, value: kind === "sum" ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length }));
      if (expected.length === 0) continue;
      const returned = resultNumbers(record);
      const given = candidates.filter((candidate) => new RegExp(kind === "sum" ? "total|sum" : "average|mean", "i").test(candidate.field)).map((candidate) => candidate.value);
      const stated = numbersIn(answer);
      const matches = (value: number) => stated.some((number) => sameAtPrecision(number, value) || Math.abs(number.value - value) <= Math.abs(value) * 0.005);
      if (expected.some((entry) => matches(entry.value)) || given.some(matches) || returned.some(matches)) continue;
      const example = expected[0]!;
      findings.push({ detail: `${where}: the user asked for the ${kind} but the answer states none of the results' ${kind}s (e.g. ${example.field}: ${Math.round(example.value * 100) / 100})` });
    }
    return findings;
  },
};

/** The words an aggregate is asked of: "average (daily) temperature", "sum of the prices", "cost in total". */
function requestedNouns(asked: string, kind: "average" | "sum"): string[] {
  const keyword = kind === "average" ? "(?:average|mean)" : "(?:sum of|total|combined|add up)";
  const after = new RegExp(`\\b${keyword}\\s+(?:of\\s+)?(?:the\\s+|their\\s+|all\\s+)?((?:\\w+\\s+){0,2}\\w+)`, "g");
  const before = /(\w+)\s+(?:in total|altogether|combined)\b/g;
  const nouns: string[] = [];
  for (const match of asked.matchAll(after)) nouns.push(...contentWords(match[1]!));
  if (kind === "sum") for (const match of asked.matchAll(before)) nouns.push(...contentWords(match[1]!));
  return nouns;
}

/** Every number a tool returned (a calculator's result counts as an aggregate the assistant cites). */
function resultNumbers(record: TrajectoryRecord): number[] {
  return record.messages.filter((message) => message.role === "tool").flatMap((message) => numbersIn(message.content).map((number) => number.value));
}

function relevant(candidates: Candidate[], fields: RegExp): Candidate[] {
  const matching = candidates.filter((candidate) => fields.test(candidate.field.toLowerCase()));
  // One field per comparison: the one most results have.
  const counts = new Map<string, number>();
  for (const candidate of matching) counts.set(candidate.field, (counts.get(candidate.field) ?? 0) + 1);
  const field = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return matching.filter((candidate) => candidate.field === field);
}

/** Labelled numbers from the results: per call (labelled by its distinguishing argument) and per list item (by its name). */
function resultCandidates(record: TrajectoryRecord): Candidate[] {
  const candidates: Candidate[] = [];
  const calls = callTurns(record).flatMap((turn) =>
    turn.calls.map((call) => ({ call, result: turn.results.find((message) => message.tool_call_id === call.id) })),
  );
  for (const { call, result } of calls) {
    if (!result || isToolErrorResult(result.content)) continue;
    const parsed = parseArguments(call.function.arguments);
    const args = "value" in parsed ? parsed.value : {};
    const siblings = calls.filter((other) => other.call.function.name === call.function.name && other.call !== call);
    const distinguishing = Object.entries(args).find(
      ([key, value]) => typeof value === "string" && siblings.some(({ call: other }) => {
        const otherArgs = parseArguments(other.function.arguments);
        return "value" in otherArgs && otherArgs.value[key] !== value;
      }),
    );
    const value = parseJsonOrText(result.content);
    const items = Array.isArray(value) ? value : value && typeof value === "object" ? Object.values(value).find(Array.isArray) : undefined;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      const label = typeof distinguishing?.[1] === "string" ? distinguishing[1] : typeof object.name === "string" ? object.name : undefined;
      if (label) for (const [field, number] of Object.entries(object)) if (typeof number === "number") candidates.push({ label, field, value: number });
    }
    for (const item of items ?? []) {
      if (!item || typeof item !== "object") continue;
      const object = item as Record<string, unknown>;
      const label = ["name", "title", "city", "hotel", "product", "airline", "id"].map((key) => object[key]).find((entry) => typeof entry === "string") as string | undefined;
      if (label) for (const [field, number] of Object.entries(object)) if (typeof number === "number") candidates.push({ label, field, value: number });
    }
  }
  return candidates;
}

/** The label the answer settles on: "the answer is X", "so X", "go with X"; else the only label named in its last sentence. */
function pickedLabel(answer: string, labels: string[]): string | undefined {
  const sentences = answer.split(/(?<=[.!?])\s+/).map(normalText).filter(Boolean);
  const lastSentence = sentences.at(-1) ?? normalText(answer);
  const markers = [/\b(?:answer is|winner is|choice is|option is|recommend|go with|choose|pick)\b/g, /\b(?:so|therefore|thus|hence)\b/g];
  const scopes: string[] = [];
  for (const marker of markers) {
    const found = [...lastSentence.matchAll(marker)].at(-1);
    if (found) scopes.push(lastSentence.slice(found.index! + found[0].length));
  }
  scopes.push(lastSentence);
  for (const scope of scopes) {
    const named = labels.filter((label) => containsWords(scope, normalText(label)));
    if (named.length === 1) return named[0];
    if (named.length > 1 && scope !== lastSentence) return named.sort((a, b) => scope.indexOf(normalText(a)) - scope.indexOf(normalText(b)))[0];
  }
  return undefined;
}
