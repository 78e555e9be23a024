import { FIELDS } from "./fields.js";
import { LIFE_DOMAINS, type LifeDomain, type Operation } from "./life-domains.js";

/** An operation recognised in (or written into) a sub-task: its stated values and the inputs it takes from earlier steps. */
export interface OperationUse {
  operation: Operation;
  domain: LifeDomain;
  values: Record<string, string>;
  fromEarlier: string[];
}

/** Write a request for `operation`: stated values in their phrase, inputs from earlier steps by reference. */
export function renderOperation(operation: Operation, values: Record<string, string | number>, fromEarlier: readonly string[]): string {
  return operation.template.replace(/\{(\w+)\}/g, (_, field: string) => {
    const spec = FIELDS[field];
    if (fromEarlier.includes(field)) return spec?.ref ?? `the ${field.replace(/_/g, " ")}`;
    return (spec?.phrase ?? "{v}").replace("{v}", String(values[field]));
  });
}

/** Which operation a sentence asks for, and with which values; undefined for text the simulator did not write. */
export function recogniseOperation(text: string): OperationUse | undefined {
  const sentence = text.trim();
  for (const domain of LIFE_DOMAINS) {
    for (const operation of domain.operations) {
      const use = matchTemplate(operation, sentence);
      if (use) return { ...use, domain };
    }
  }
  return undefined;
}

function matchTemplate(operation: Operation, sentence: string): Omit<OperationUse, "domain"> | undefined {
  const fields: string[] = [];
  const pattern = operation.template
    .split(/(\{\w+\})/)
    .map((part) => {
      const field = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!field) return escapeRegExp(part);
      fields.push(field);
      // A reference to an earlier result, or the value in its phrase; typed values keep the split unambiguous.
      const spec = FIELDS[field];
      const [before, after] = (spec?.phrase ?? "{v}").split("{v}") as [string, string];
      const reference = spec ? `${escapeRegExp(spec.ref)}|` : "";
      return `(${reference}${escapeRegExp(before)}${valuePattern(field)}${escapeRegExp(after)})`;
    })
    .join("");
  const match = new RegExp(`^${pattern}$`, "i").exec(sentence);
  if (!match) return undefined;
  const values: Record<string, string> = {};
  const fromEarlier: string[] = [];
  for (const [index, field] of fields.entries()) {
    const captured = match[index + 1]!;
    const spec = FIELDS[field];
    if (spec && captured.toLowerCase() === spec.ref.toLowerCase()) {
      fromEarlier.push(field);
      continue;
    }
    const [before, after] = (spec?.phrase ?? "{v}").split("{v}") as [string, string];
    values[field] = captured.slice(before.length, captured.length - after.length);
  }
  return { operation, values, fromEarlier };
}

function valuePattern(field: string): string {
  const kind = FIELDS[field]?.kind;
  if (kind === "email") return "[^\\s@]+@[^\\s]+?";
  if (kind === "date") return "\\d{4}-\\d{2}-\\d{2}";
  if (kind === "id") return "[A-Z]{1,4}-\\d+";
  if (kind === "time") return "\\d{2}:\\d{2}";
  if (["amount", "percent", "count", "nights", "minutes", "year", "weight", "height"].includes(kind ?? "")) return "\\d+(?:\\.\\d+)?";
  return ".+?";
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The life domain a text is about: most keyword hits, or undefined when none hit. */
export function domainOf(text: string): LifeDomain | undefined {
  const lowered = text.toLowerCase();
  let best: { domain: LifeDomain; hits: number } | undefined;
  for (const domain of LIFE_DOMAINS) {
    const hits = domain.keywords.reduce((sum, keyword) => sum + countOccurrences(lowered, keyword), 0);
    if (hits > 0 && (!best || hits > best.hits)) best = { domain, hits };
  }
  return best?.domain;
}

/** The domain whose scenario phrasing a scenario uses, falling back to keywords. */
export function domainOfScenario(scenario: string): LifeDomain | undefined {
  const lowered = scenario.toLowerCase();
  return LIFE_DOMAINS.find((domain) => domain.subjects.some((subject) => lowered.includes(subject.toLowerCase()))) ?? domainOf(scenario);
}

function countOccurrences(text: string, keyword: string): number {
  const matches = text.match(new RegExp(`\\b${escapeRegExp(keyword)}`, "g"));
  return matches ? matches.length : 0;
}
