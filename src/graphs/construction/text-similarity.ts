import { normaliseWords } from "../../util/minhash.js";

/**
 * Light normalisation for lexical similarity of short texts: stop words carry no meaning
 * ("a", "the", "for") and plural or -ing forms should not hide a match ("trips"/"trip").
 */
const STOP_WORDS = new Set(
  "a an the of for to in on at by with and or from into onto about as is are be my your our their his her its this that these those some any new".split(" "),
);

export function contentWords(text: string): string[] {
  return normaliseWords(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

/** A crude suffix stripper; good enough to equate "planning"/"plan", "trips"/"trip". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("es") && /(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith("ed")) return undouble(word.slice(0, -2));
  return word;
}

function undouble(word: string): string {
  return /([bdgmnprt])\1$/.test(word) ? word.slice(0, -1) : word;
}

/** Words of an identifier: `getWeatherForecast` and `get_weather_forecast` both give get, weather, forecast. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);
}

export function jaccardOf(left: Iterable<string>, right: Iterable<string>): number {
  const a = new Set(left);
  const b = new Set(right);
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
