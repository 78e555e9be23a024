/** Text and number matching shared by the semantic checks: one normal form, one notion of "appears". */

/** Lower case, accents off, separators (`_ - / ,`) as spaces, other punctuation dropped, spaces collapsed. */
export function normalText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[_\-/,;|()[\]{}"'`“”‘’]+/g, " ")
    .replace(/[^\p{L}\p{N}@.:+#$%& ]+/gu, " ")
    .replace(/(\D)\.(?=\s|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether `needle` occurs in `haystack` as whole words (both in normal form). */
export function containsWords(haystack: string, needle: string): boolean {
  if (needle === "") return true;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const before = at === 0 ? " " : haystack[at - 1]!;
    const after = at + needle.length >= haystack.length ? " " : haystack[at + needle.length]!;
    if (!isWordCharacter(before) && !isWordCharacter(after)) return true;
    from = at + 1;
  }
}

function isWordCharacter(character: string): boolean {
  return /[\p{L}\p{N}]/u.test(character);
}

/** Words of three or more letters that carry meaning (no stop words), in normal form. */
export function contentWords(text: string): string[] {
  return normalText(text)
    .split(" ")
    .map((word) => word.replace(/^[.:+#$%&@]+|[.:+#$%&@]+$/g, ""))
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/.test(word));
}

/** A crude stem: enough to match "booking" with "booked" and "cities" with "city". */
export function stem(word: string): string {
  return word.length <= 5 ? word : word.slice(0, 5);
}

const STOP_WORDS = new Set(
  (
    "the and for with from that this these those into onto your you are was were will would can could should have has had " +
    "about above after again all also any because been before being below between both but did does doing down during each " +
    "few further here how its just more most not now off once only other our out over own same she some such than then there " +
    "they through too under until very what when where which while who whom why yet him her his hers them their what's please " +
    "thanks thank hello dear regards best let know need want like just get got make made use using via per"
  ).split(" "),
);

export interface StatedNumber {
  text: string;
  value: number;
  decimals: number;
}

const NUMBER = /-?\d+(?:,\d{3})*(?:\.\d+)?/g;

/** Digit runs with optional thousands commas and decimals ("$1,234.50" → 1234.5; "2024-05-20" → 2024, 5, 20). */
export function numbersIn(text: string): StatedNumber[] {
  return [...text.matchAll(NUMBER)].map((match) => {
    // A minus sign right after a digit or letter is a separator ("2024-05"), not a sign.
    const separator = match.index! > 0 && /[\p{L}\p{N}]/u.test(text[match.index! - 1]!);
    const raw = separator && match[0].startsWith("-") ? match[0].slice(1) : match[0];
    const plain = raw.replace(/,/g, "");
    const dot = plain.indexOf(".");
    return { text: raw, value: Number(plain), decimals: dot < 0 ? 0 : plain.length - dot - 1 };
  });
}

/** Whether `source` rounds to `stated` at the precision `stated` is written with. */
export function sameAtPrecision(stated: StatedNumber, source: number): boolean {
  const factor = 10 ** stated.decimals;
  return source === stated.value || Math.abs(Math.round(source * factor) / factor - stated.value) < 1e-9;
}

/** A number as a StatedNumber (its precision read from its shortest decimal form). */
export function statedNumber(value: number): StatedNumber {
  const text = String(value);
  const dot = text.indexOf(".");
  return { text, value, decimals: dot < 0 || /e/i.test(text) ? 0 : text.length - dot - 1 };
}

/** Most distinct values combined pairwise; keeps the checks linear in practice on long dialogues. */
const MAX_COMBINED = 60;

/** Every value one +, −, × or ÷ away from two of the given values. */
export function oneStepResults(values: number[]): number[] {
  const distinct = [...new Set(values)].slice(0, MAX_COMBINED);
  const out: number[] = [];
  for (let left = 0; left < distinct.length; left++) {
    for (let right = left + 1; right < distinct.length; right++) {
      const a = distinct[left]!;
      const b = distinct[right]!;
      out.push(a + b, Math.abs(a - b), a * b);
      if (b !== 0) out.push(a / b);
      if (a !== 0) out.push(b / a);
    }
  }
  return out;
}

/**
 * Unit normalisation: the factors between common units (km↔m, h↔min, %↔fraction, kg↔lb,
 * mi↔km, in↔cm, dozens, weeks) and the two temperature scales. A value reached from a seen
 * number by one of these is one documented derivation step.
 */
export function unitConversions(value: number): number[] {
  const factors = [1000, 100, 60, 3600, 24, 7, 12, 10, 2.20462, 1.60934, 2.54, 30.48, 0.3048, 3.28084];
  const out: number[] = [];
  for (const factor of factors) out.push(value * factor, value / factor);
  out.push((value * 9) / 5 + 32, ((value - 32) * 5) / 9);
  return out;
}
