import type { PropertySpec } from "../../schema/function-spec.js";
import type { WithheldValue } from "../../schema/negative-facts.js";
import type { TaskRecord } from "../../schema/task.js";

interface Candidate {
  kind: "date" | "time" | "email" | "quoted" | "name" | "number";
  text: string;
  value: string | number;
}

const PATTERNS: Array<[Candidate["kind"], RegExp]> = [
  ["date", /\b\d{4}-\d{2}-\d{2}\b/g],
  ["time", /\b\d{1,2}:\d{2}\b/g],
  ["email", /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  ["quoted", /"([^"]{2,60})"|'([^']{2,60})'/g],
  // Capitalised words, not the first word of a sentence (that is the instruction's verb).
  ["name", /(?<=[a-z,;:] )[A-Z][\w'&.-]*(?: (?:of|de|la|del|van|von|the|and) )?(?: ?[A-Z][\w'&.-]*)*/g],
];

/**
 * A value a required argument needs that the request states word for word, chosen so that the
 * match is unambiguous: the only value of its kind in the sub-task's text, and the only required
 * parameter of that kind in the function. Only sub-tasks that take their inputs from the user
 * (no dependencies) qualify, since the others take theirs from earlier results.
 */
export function findWithheldValue(task: TaskRecord): WithheldValue | undefined {
  const byName = new Map(task.functions.map((spec) => [spec.name, spec]));
  for (const subtask of task.subtasks) {
    if (subtask.depends_on.length > 0 || subtask.functions.length !== 1) continue;
    const spec = byName.get(subtask.functions[0]!);
    if (!spec) continue;
    // When another sub-task calls the same function, its call could not be told from a guess.
    if (task.subtasks.some((other) => other.id !== subtask.id && other.functions.includes(spec.name))) continue;
    const candidates = candidatesIn(subtask.text);
    for (const kind of ["date", "email", "time", "quoted", "name", "number"] as const) {
      const values = candidates.filter((candidate) => candidate.kind === kind);
      const unique = [...new Map(values.map((candidate) => [String(candidate.value), candidate])).values()];
      const parameters = spec.required.filter((name) => kindOf(name, spec.parameters[name] ?? {}) === kindGroup(kind));
      if (unique.length !== 1 || parameters.length !== 1) continue;
      const chosen = unique[0]!;
      if (!task.task.includes(chosen.text)) continue;
      return { subtask: subtask.id, function: spec.name, parameter: parameters[0]!, value: chosen.value, label: `the ${words(parameters[0]!)}` };
    }
  }
  return undefined;
}

/** The text with every appearance of the withheld value replaced by a vague phrase. */
export function withoutValue(text: string, withheld: WithheldValue): string {
  const shown = String(withheld.value);
  const phrase = `a certain ${words(withheld.parameter)}`;
  const quotedForms = [`"${shown}"`, `'${shown}'`];
  let out = text;
  for (const form of quotedForms) out = out.split(form).join(phrase);
  if (typeof withheld.value !== "number") return out.split(shown).join(phrase);
  // "3 nights" becomes "a certain number of nights"; "in 1997" becomes "in a certain release year".
  return out.replace(new RegExp(`(?<![\\d.])${escape(shown)}(?!\\d|\\.\\d)( [a-z])?`, "g"), (_match, noun: string | undefined) =>
    noun ? `a certain number of${noun}` : phrase,
  );
}

function candidatesIn(text: string): Candidate[] {
  const found: Candidate[] = [];
  const taken: Array<[number, number]> = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      const inner = kind === "quoted" ? (match[1] ?? match[2] ?? match[0]) : match[0].replace(/[.,;:]+$/, "");
      found.push({ kind, text: inner, value: inner });
    }
  }
  for (const match of text.matchAll(/(?<![\w.:-])\d+(?:\.\d+)?(?![\w:-]|\.\d)/g)) {
    const start = match.index ?? 0;
    if (taken.some(([from, to]) => start >= from && start < to)) continue;
    found.push({ kind: "number", text: match[0], value: Number(match[0]) });
  }
  return found;
}

type KindGroup = "date" | "time" | "email" | "text" | "number" | "other";

function kindGroup(kind: Candidate["kind"]): KindGroup {
  return kind === "quoted" || kind === "name" ? "text" : kind;
}

function kindOf(name: string, spec: PropertySpec): KindGroup {
  const type = typeof spec.type === "string" ? spec.type : "string";
  const key = name.toLowerCase();
  const description = String(spec.description ?? "").toLowerCase();
  if (type === "number" || type === "integer") return "number";
  if (type !== "string" || Array.isArray(spec.enum)) return "other";
  if (/date|day|birthday|deadline/.test(key) || /yyyy-mm-dd/.test(description)) return "date";
  if (/time/.test(key) || /hh:mm/.test(description)) return "time";
  if (/email/.test(key) || /email address/.test(description)) return "email";
  // Ids and codes come from earlier results or are exact strings a person rarely withholds.
  if (/(^|_)(id|code|currency|unit|language|format)$/.test(key)) return "other";
  return "text";
}

function words(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
