import { referenceDate, relativeDates } from "./relative-dates.js";

/**
 * Values a person states in a request — quoted strings, dates, times, emails, amounts,
 * numbers and capitalised names — with their positions, so the simulated assistant can
 * fill arguments from what the user actually said.
 */
export interface Entity {
  kind: "quoted" | "code" | "date" | "month" | "time" | "email" | "phone" | "measure" | "number" | "name" | "reference";
  value: string | number;
  start: number;
  /** For a number, the word that follows it ("3 tickets" → "tickets"). */
  noun?: string;
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const STOP_WORDS = new Set([
  "I", "I'd", "I'm", "Hi", "Hello", "Hey", "Please", "Could", "Can", "Thanks", "Thank", "Sure", "Here", "The", "A", "An",
  "And", "Then", "After", "Also", "Find", "Get", "Check", "Book", "Look", "Search", "Send", "Calculate", "Convert", "Compare",
  "Use", "If", "Once", "Today", "Tomorrow", "Start", "List", "Reserve", "Renew", "Buy", "Order", "Return", "Track", "Pay", "Place",
  "Identify", "Set", "Work", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Your", "Our", "It", "That", "This",
  "Request", "Add", "Text", "Email", "Call", "Note", "Remind", "Also,", "So", "Now", "Sure.", "For", "With", "What", "Which", "When", "Where", "Who", "How", "Is", "Are", "My", "We", "Much", "Hey",
  "Finally", "First", "Next", "Based", "Make", "Create", "Add", "Tell", "Show", "Give", "Let", "Schedule", "Translate",
]);

export function extractEntities(text: string): Entity[] {
  const found: Entity[] = [];
  // The stated "today" is context for relative dates, not a value to book things on.
  const reference = referenceDate(text);
  const relative = relativeDates(text);
  // One flag per character: checking a span costs its length, not the number of entities so far
  // (a list of claimed spans made long texts with many numbers quadratic).
  const taken = new Uint8Array(text.length);
  const claim = (start: number, end: number) => {
    for (let index = start; index < end; index++) if (taken[index]) return false;
    taken.fill(1, start, end);
    return true;
  };
  const scan = (pattern: RegExp, kind: Entity["kind"], value: (match: RegExpExecArray) => string | number) => {
    for (const match of text.matchAll(pattern)) {
      const start = match.index!;
      if (claim(start, start + match[0].length)) found.push({ kind, value: value(match as RegExpExecArray), start });
    }
  };
  if (reference) {
    claim(reference.start, reference.end);
    found.push({ kind: "reference", value: reference.iso, start: reference.start });
  }
  for (const date of relative) if (claim(date.start, date.start + date.phrase.length)) found.push({ kind: "date", value: date.iso, start: date.start });
  // Matches start only where a token starts (lookbehind): a long word is scanned once, not once per character.
  scan(/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.[\w.]+/g, "email", (match) => match[0]);
  scan(/\+\d{1,3}(?:[\s-]?\d{2,4}){2,4}\b/g, "phone", (match) => match[0]);
  scan(/\b(?=[A-Z0-9-]{0,40}\d)(?=[A-Z0-9-]{0,40}[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\b(?=\w{0,40}\d)(?=\w{0,40}[A-Z]{2})[A-Z0-9]{6,}\b/g, "code", (match) => match[0]);
  scan(/["“]([^"”]{2,80})["”]/g, "quoted", (match) => match[1]!);
  scan(/\b\d{4}-\d{2}-\d{2}\b/g, "date", (match) => match[0]);
  // "August 2025" is one value, a month — not the name "August" and the number 2025.
  scan(new RegExp(`\\b(${MONTHS}),? (\\d{4})\\b`, "g"), "month", (match) => `${match[2]}-${String(MONTHS.split("|").indexOf(match[1]!) + 1).padStart(2, "0")}`);
  scan(/\b\d{4}-\d{2}\b(?!-)/g, "month", (match) => match[0]);
  scan(new RegExp(`\\b(?:${MONTHS}) \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?\\b`, "g"), "date", (match) => match[0]);
  scan(/\b\d{1,2}:\d{2}(?:\s?[ap]m)?\b|\b\d{1,2}\s?[ap]m\b/gi, "time", (match) => match[0]);
  scan(/\b\d+(?:\.\d+)?\s?(?:mg|mcg|ml|iu)\b/gi, "measure", (match) => match[0]);
  scan(/[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\b/g, "number", (match) => Number(match[0].replace(/[$€£,\s]/g, "")));
  scan(/\b[A-Z][\w'&-]*(?:\s+(?:of|de|la|the|and|&)?\s*[A-Z][\w'&-]*)*/g, "name", (match) => match[0]);
  for (const entity of found) {
    if (entity.kind !== "number") continue;
    const rest = text.slice(entity.start).replace(/^[$€£]?\s?[\d,.]+/, "");
    const hyphen = /^-([A-Za-z]+)/.exec(rest);
    const direct = /^\s+([A-Za-z-]+)/.exec(rest);
    const after = /^\s+[a-z-]+\s+([A-Za-z-]+)/.exec(rest);
    entity.noun = `${hyphen?.[1] ?? ""} ${direct?.[1] ?? ""} ${after?.[1] ?? ""}`.toLowerCase().trim();
  }
  return found
    .filter((entity) => entity.kind !== "name" || !STOP_WORDS.has(String(entity.value)))
    .map((entity) => (entity.kind === "name" ? { ...entity, value: stripLeadingStopWord(String(entity.value)).replace(/['’]s$/, "") } : entity))
    .sort((left, right) => left.start - right.start);
}

function stripLeadingStopWord(name: string): string {
  const words = name.split(/\s+/);
  while (words.length > 1 && STOP_WORDS.has(words[0]!)) words.shift();
  return words.join(" ");
}
