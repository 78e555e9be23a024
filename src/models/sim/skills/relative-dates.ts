/**
 * Relative dates ("this Saturday", "tomorrow", "in 3 days") resolved against a reference date
 * the dialogue states ("Today is Wednesday 2025-09-10", "Current date: 2025-09-10"). One
 * reference gives one answer, so two parallel calls for "this Saturday" get the same date.
 * Without a stated reference nothing is resolved: the assistant must ask rather than guess.
 */
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export interface RelativeDate {
  phrase: string;
  iso: string;
  start: number;
}

export function referenceDate(text: string): { iso: string; start: number; end: number } | undefined {
  const match = /\b(?:today is|today's date is|current date(?: is)?:?|the date today is|it is now)\s+(?:[A-Za-z]+,?\s+)?(\d{4}-\d{2}-\d{2})/i.exec(text);
  if (!match) return undefined;
  const iso = match[1]!;
  const start = match.index + match[0].lastIndexOf(iso);
  return { iso, start, end: start + iso.length };
}

export function relativeDates(text: string): RelativeDate[] {
  const reference = referenceDate(text);
  if (!reference) return [];
  const today = new Date(`${reference.iso}T00:00:00Z`);
  const out: RelativeDate[] = [];
  const pattern = new RegExp(`\\b(?:(this|next|coming|on)\\s+(${WEEKDAYS.join("|")})|(today|tomorrow|the day after tomorrow)|in (\\d{1,2}) days)\\b`, "gi");
  for (const match of text.matchAll(pattern)) {
    let offset: number;
    if (match[2]) {
      const target = WEEKDAYS.indexOf(match[2].toLowerCase());
      const gap = (target - today.getUTCDay() + 7) % 7;
      // "this Saturday" on a Saturday is today; "next Saturday" is always ahead.
      offset = match[1]!.toLowerCase() === "next" && gap === 0 ? 7 : gap === 0 && match[1]!.toLowerCase() !== "this" ? 7 : gap;
    } else if (match[3]) {
      const word = match[3].toLowerCase();
      if (word === "today" && match.index! < reference.end + 12 && match.index! >= reference.start - 20) continue;
      offset = word === "today" ? 0 : word === "tomorrow" ? 1 : 2;
    } else {
      offset = Number(match[4]);
    }
    const value = new Date(today);
    value.setUTCDate(value.getUTCDate() + offset);
    out.push({ phrase: match[0], iso: value.toISOString().slice(0, 10), start: match.index! });
  }
  return out;
}
