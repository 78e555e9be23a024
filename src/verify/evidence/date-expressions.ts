/**
 * Dates as the dialogue states them, for the provenance check: ISO dates, written dates
 * ("May 20", "20th of May 2024", "5/20/2024") and relative ones ("tomorrow", "this Saturday",
 * "in 3 days") resolved against a date visible in the dialogue. Days are kept as "YYYY-MM-DD"
 * (or "MM-DD" when the text gives no year). Nothing here reads the clock: a relative date with
 * no visible anchor date cannot be resolved, so a call that uses one was guessed.
 */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_PATTERN = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** A calendar day read from an argument value, or undefined when the value is not a date. */
export function parseDateValue(value: string): string | undefined {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const written = writtenDates(text.toLowerCase());
  if (written.length === 1 && written[0]!.length >= text.replace(/[^\d]/g, "").length / 2) return written[0];
  return undefined;
}

/** Every day the text names outright: ISO dates and written dates (with or without a year). */
export function writtenDates(lower: string): string[] {
  const days: string[] = [];
  for (const match of lower.matchAll(/(\d{4})-(\d{1,2})-(\d{1,2})/g)) push(days, validDay(Number(match[1]), Number(match[2]), Number(match[3])));
  for (const match of lower.matchAll(/\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/g)) push(days, validDay(Number(match[1]), Number(match[2]), Number(match[3])));
  const monthFirst = new RegExp(`\\b${MONTH_PATTERN}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "g");
  for (const match of lower.matchAll(monthFirst)) push(days, dayOf(match[3], monthIndex(match[1]!), Number(match[2])));
  const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_PATTERN}\\b\\.?(?:,?\\s+(\\d{4}))?`, "g");
  for (const match of lower.matchAll(dayFirst)) push(days, dayOf(match[3], monthIndex(match[2]!), Number(match[1])));
  // "December 2020": a month names its first and last day (a period's bounds).
  const monthYear = new RegExp(`\\b${MONTH_PATTERN}\\.?,?\\s+(\\d{4})\\b`, "g");
  for (const match of lower.matchAll(monthYear)) {
    const month = monthIndex(match[1]!);
    const year = Number(match[2]);
    push(days, validDay(year, month, 1));
    push(days, fromDate(new Date(Date.UTC(year, month, 0))));
  }
  for (const match of lower.matchAll(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/g)) {
    const year = match[3] ? (match[3].length === 2 ? `20${match[3]}` : match[3]) : undefined;
    // Both readings: 5/20 (US) and 20/5.
    push(days, dayOf(year, Number(match[1]), Number(match[2])));
    push(days, dayOf(year, Number(match[2]), Number(match[1])));
  }
  return days;
}

/** Days the text names relative to `anchor` ("YYYY-MM-DD"): today, tomorrow, weekdays, "in N days", "next week". */
export function relativeDates(lower: string, anchor: string): string[] {
  const days: string[] = [];
  const base = toDate(anchor);
  if (!base) return days;
  const add = (offset: number) => push(days, fromDate(new Date(base.getTime() + offset * 86_400_000)));
  if (/\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b/.test(lower)) add(0);
  if (/\btomorrow\b/.test(lower)) add(1);
  if (/\byesterday\b/.test(lower)) add(-1);
  if (/\bday after tomorrow\b/.test(lower)) add(2);
  for (const match of lower.matchAll(/\bin (\d{1,3}|a|one|two|three|four|five|six|seven|ten) (day|week)s?\b/g)) {
    const count = wordNumber(match[1]!);
    add(count * (match[2] === "week" ? 7 : 1));
  }
  for (const match of lower.matchAll(/\b(\d{1,3}) (day|week)s? (?:from now|later|ago)\b/g)) {
    const sign = match[0].endsWith("ago") ? -1 : 1;
    add(sign * Number(match[1]) * (match[2] === "week" ? 7 : 1));
  }
  const weekday = new RegExp(`\\b(?:(this|next|coming|on|last)\\s+)?(${WEEKDAYS.join("|")})\\b`, "g");
  for (const match of lower.matchAll(weekday)) {
    const target = WEEKDAYS.indexOf(match[2]!);
    const ahead = (target - base.getUTCDay() + 7) % 7;
    if (match[1] === "last") {
      add(ahead - 7);
      continue;
    }
    // "this Saturday" is the coming one (today too, said on a Saturday); "next Saturday" is read
    // differently by different people, so both the coming one and the one a week later count.
    if (ahead === 0) add(0);
    add(ahead === 0 ? 7 : ahead);
    if (match[1] === "next") add((ahead === 0 ? 7 : ahead) + 7);
  }
  if (/\bnext week\b/.test(lower)) for (let offset = 1; offset <= 14; offset++) add(offset);
  if (/\bthis weekend\b|\bnext weekend\b|\bthe weekend\b/.test(lower)) {
    const saturday = (6 - base.getUTCDay() + 7) % 7;
    for (const offset of [saturday, saturday + 1, saturday + 7, saturday + 8]) add(offset);
  }
  return days;
}

/** Dates with a year that the text states: the anchors relative dates are resolved against. */
export function anchorDates(lower: string): string[] {
  return writtenDates(lower).filter((day) => day.length === 10);
}

/** Whether `day` ("YYYY-MM-DD") is one of `days` (which may hold year-less "MM-DD"). */
export function dayIsAmong(day: string, days: Iterable<string>): boolean {
  for (const candidate of days) if (candidate === day || (candidate.length === 5 && day.endsWith(candidate))) return true;
  return false;
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.slice(0, 3))) + 1;
}

function dayOf(year: string | undefined, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const monthDay = `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return year ? validDay(Number(year), month, day) : monthDay;
}

function validDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return fromDate(date);
}

function toDate(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
}

function fromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function push(days: string[], day: string | undefined): void {
  if (day && !days.includes(day)) days.push(day);
}

function wordNumber(word: string): number {
  const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10 };
  return words[word] ?? Number(word);
}

/** "the next day", "moving it back one day", "3 days later": the phrases that shift a date the dialogue shows. */
const SHIFT = /\b(?:next|following|previous|prior) day\b|\bday (?:after|before)\b|\b(?:one|a|two|three|\d{1,2}) (?:more )?days? (?:later|earlier|after|before|back|forward|sooner)\b|\b(?:back|forward|earlier|later) (?:by )?(?:one|a|two|three|\d{1,2}) days?\b|\b(?:a|one) week (?:later|earlier|after|before)\b/;

/** Days within a week of a day the dialogue shows, when the user asks to shift a date; empty otherwise. */
export function shiftedDates(lower: string, shown: Iterable<string>): string[] {
  if (!SHIFT.test(lower)) return [];
  const days: string[] = [];
  for (const day of shown) {
    const base = toDate(day);
    if (!base) continue;
    for (let offset = -7; offset <= 7; offset++) if (offset !== 0) push(days, fromDate(new Date(base.getTime() + offset * 86_400_000)));
  }
  return days;
}

/** "on the 6th": that day of the month of each anchor date (and of the month after it). */
export function ordinalDates(lower: string, anchors: readonly string[]): string[] {
  const days: string[] = [];
  for (const match of lower.matchAll(/\bthe (\d{1,2})(?:st|nd|rd|th)\b/g)) {
    for (const anchor of anchors) {
      const [year, month] = anchor.split("-").map(Number) as [number, number];
      push(days, validDay(year, month, Number(match[1])));
      push(days, month === 12 ? validDay(year + 1, 1, Number(match[1])) : validDay(year, month + 1, Number(match[1])));
    }
  }
  return days;
}
