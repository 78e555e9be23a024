/**
 * Codes a value may be normalised to in one documented step: the words a user says for a
 * currency or a language, and the codes functions take. Kept short on purpose: a code that
 * needs world knowledge beyond this list (an airport for a city) is not derivable.
 */
const CODE_WORDS: Record<string, string[]> = {
  usd: ["dollar", "dollars", "us dollar", "$"],
  eur: ["euro", "euros", "€"],
  gbp: ["pound", "pounds", "sterling", "£"],
  jpy: ["yen", "¥"],
  cny: ["yuan", "renminbi", "rmb"],
  inr: ["rupee", "rupees"],
  chf: ["swiss franc", "swiss francs", "franc", "francs"],
  cad: ["canadian dollar", "canadian dollars"],
  aud: ["australian dollar", "australian dollars"],
  mxn: ["peso", "pesos"],
  krw: ["won"],
  en: ["english"],
  es: ["spanish"],
  fr: ["french"],
  de: ["german"],
  it: ["italian"],
  pt: ["portuguese"],
  ja: ["japanese"],
  zh: ["chinese", "mandarin"],
  ko: ["korean"],
  ru: ["russian"],
  ar: ["arabic"],
  hi: ["hindi"],
  nl: ["dutch"],
  sv: ["swedish"],
  tr: ["turkish"],
  pl: ["polish"],
  c: ["celsius", "°c"],
  f: ["fahrenheit", "°f"],
  celsius: ["°c", "metric"],
  fahrenheit: ["°f", "imperial"],
  metric: ["celsius", "kilometers", "kilometres", "km", "kg"],
  imperial: ["fahrenheit", "miles", "pounds", "lbs"],
};

/** The words that stand for `code` (lower case), or none. */
export function wordsForCode(code: string): string[] {
  return CODE_WORDS[code.trim().toLowerCase()] ?? [];
}
