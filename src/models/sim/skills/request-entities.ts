/**
 * Values a person states in a request — quoted strings, dates, times, emails, amounts,
 * numbers and capitalised names — with their positions, so the simulated assistant can
 * fill arguments from what the user actually said.
 */
export interface Entity {
  kind: "quoted" | "code" | "date" | "time" | "email" | "number" | "name";
  value: string | number;
  start: number;
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const STOP_WORDS = new Set([
  "I", "I'd", "I'm", "Hi", "Hello", "Hey", "Please", "Could", "Can", "Thanks", "Thank", "Sure", "Here", "The", "A", "An",
  "And", "Then", "After", "Also", "Find", "Get", "Check", "Book", "Look", "Search", "Send", "Calculate", "Convert", "Compare",
  "Use", "If", "Once", "For", "With", "What", "Which", "When", "Where", "Who", "How", "Is", "Are", "My", "We", "Much", "Hey",
  "Finally", "First", "Next", "Based", "Make", "Create", "Add", "Tell", "Show", "Give", "Let", "Schedule", "Translate",
]);

export function extractEntities(text: string): Entity[] {
  const found: Entity[] = [];
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
  // Matches start only where a token starts (lookbehind): a long word is scanned once, not once per character.
  scan(/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.[\w.]+/g, "email", (match) => match[0]);
  scan(/\b(?=[A-Z0-9-]{0,40}\d)(?=[A-Z0-9-]{0,40}[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\b(?=\w{0,40}\d)(?=\w{0,40}[A-Z]{2})[A-Z0-9]{6,}\b/g, "code", (match) => match[0]);
  scan(/["“]([^"”]{2,80})["”]/g, "quoted", (match) => match[1]!);
  scan(/\b\d{4}-\d{2}-\d{2}\b/g, "date", (match) => match[0]);
  scan(new RegExp(`\\b(?:${MONTHS}) \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?\\b`, "g"), "date", (match) => match[0]);
  scan(/\b\d{1,2}:\d{2}(?:\s?[ap]m)?\b|\b\d{1,2}\s?[ap]m\b/gi, "time", (match) => match[0]);
  scan(/[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\b/g, "number", (match) => Number(match[0].replace(/[$€£,\s]/g, "")));
  scan(/\b[A-Z][\w'&-]*(?:\s+(?:of|de|la|the|and|&)?\s*[A-Z][\w'&-]*)*/g, "name", (match) => match[0]);
  return found
    .filter((entity) => entity.kind !== "name" || !STOP_WORDS.has(String(entity.value)))
    .map((entity) => (entity.kind === "name" ? { ...entity, value: stripLeadingStopWord(String(entity.value)) } : entity))
    .sort((left, right) => left.start - right.start);
}

function stripLeadingStopWord(name: string): string {
  const words = name.split(/\s+/);
  while (words.length > 1 && STOP_WORDS.has(words[0]!)) words.shift();
  return words.join(" ");
}
