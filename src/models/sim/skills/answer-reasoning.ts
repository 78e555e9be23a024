import type { DoneCall } from "./slot-filling.js";

/**
 * The simulated assistant's reasoning sub-tasks (a comparison, a sum, an average, a pace, a
 * yes/no judgement), worked out from the numbers the tools returned and the user stated, and
 * written as a sentence that answers the question asked: the cheaper one really is the cheaper,
 * and an average is computed and shown.
 */
interface Observation {
  label: string;
  key: string;
  value: number;
  /** For clock times, the text as returned ("05:12"). */
  shown?: string;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export function reasonAbout(text: string, history: DoneCall[], userText: string): string | undefined {
  const lowered = text.toLowerCase();
  const observations = observe(history);
  if (observations.length === 0) return undefined;
  const unit = currencyOf(history);

  if (/\b(average|mean)\b/.test(lowered) && !/pace|per\b/.test(lowered)) {
    const series = pickSeries(observations, lowered, "many");
    if (series.length === 0) return undefined;
    const sum = series.reduce((total, entry) => total + entry.value, 0);
    return `the average ${humanKey(series[0]!.key)} is (${series.map((entry) => entry.value).join(" + ")}) / ${series.length} = ${round(sum / series.length)}${unit}.`;
  }
  const division = /divide (?:the |my )?([a-z ]+?) by (?:the |my )?([a-z ]+)/.exec(lowered);
  if (division) {
    const numerator = pickSeries(observations, division[1]!, "one");
    const denominator = pickSeries(observations, division[2]!, "one");
    if (numerator.length > 0 && denominator.length > 0 && denominator[0]!.value > 0 && numerator[0] !== denominator[0]) {
      const per = /minute/.test(numerator[0]!.key) && /km|distance/.test(denominator[0]!.key) ? " minutes per kilometre" : "";
      return `${numerator[0]!.value} ${humanKey(numerator[0]!.key)} / ${denominator[0]!.value} ${humanKey(denominator[0]!.key)} = ${round(numerator[0]!.value / denominator[0]!.value)}${per}.`;
    }
  }
  if (/\bper\b|pace|densit|densely/.test(lowered)) {
    const numerator = pickSeries(observations, /pace|minute/.test(lowered) ? "minutes duration" : "population", "one");
    const denominator = pickSeries(observations, /pace|kilomet/.test(lowered) ? "distance km" : "area", "one");
    if (/densely|densit/.test(lowered)) {
      const labels = [...new Set(observations.map((entry) => entry.label))];
      const densities = labels.flatMap((label) => {
        const population = observations.find((entry) => entry.label === label && /population/.test(entry.key));
        const area = observations.find((entry) => entry.label === label && /area/.test(entry.key));
        return population && area && area.value > 0 ? [{ label, value: round(population.value / area.value, 1), population, area }] : [];
      });
      if (densities.length >= 2) {
        const best = densities.reduce((left, right) => (right.value > left.value ? right : left));
        return `${densities.map((entry) => `${entry.label}: ${entry.population.value} / ${entry.area.value} = ${entry.value} people per km²`).join("; ")}, so ${best.label} is more densely populated.`;
      }
    }
    if (numerator.length > 0 && denominator.length > 0 && denominator[0]!.value > 0) {
      const value = round(numerator[0]!.value / denominator[0]!.value);
      return `${numerator[0]!.value} ${humanKey(numerator[0]!.key)} / ${denominator[0]!.value} ${humanKey(denominator[0]!.key)} = ${value} ${/pace|minute/.test(lowered) ? "minutes per kilometre" : "per unit"}.`;
    }
  }
  if (/how many more|remaining|reach|left to|short of|subtract/.test(lowered)) {
    const goal = userNumbers(userText).find((number) => number.noun && /km|kilomet|mile|step|minute|hour|point|usd|eur|gbp/.test(number.noun));
    const series = pickSeries(observations, lowered, "one");
    if (goal && series.length > 0) {
      const gap = round(goal.value - series[0]!.value);
      return gap > 0
        ? `${goal.value} − ${series[0]!.value} = ${gap} ${goal.noun} still to go.`
        : `${series[0]!.value} already meets the goal of ${goal.value} ${goal.noun}.`;
    }
  }
  if (/\b(total|sum|add|together|combined|in total|altogether)\b/.test(lowered)) {
    let series = pickSeries(observations, lowered, "many");
    if (series.length === 1) {
      // One value per call under different names (a flight's price, a hotel's total): add those.
      const meaning = MEANINGS.find(([textPattern]) => textPattern.test(lowered));
      const related = meaning ? observations.filter((entry) => meaning[1].test(entry.key.toLowerCase())) : [];
      if (related.length > 1) series = related;
    }
    if (series.length === 0) return undefined;
    const sum = round(series.reduce((total, entry) => total + entry.value, 0));
    return `${series.map((entry) => entry.shown ?? String(entry.value)).join(" + ")} = ${sum}${/minute|time/.test(series[0]!.key) ? " minutes" : unit}.`;
  }
  if (/\bfair\b|good deal|worth/.test(lowered)) {
    const numbers = userNumbers(userText);
    const asking = numbers.find((number) => /usd|eur|gbp|dollar|euro|pound/.test(number.noun)) ?? numbers.find((number) => number.value >= 100);
    const value = observations.find((entry) => /value|price|worth/.test(entry.key));
    if (asking && value) {
      const ratio = asking.value / value.value;
      const verdict = ratio <= 0.95 ? "below the estimated value, so it is a good price" : ratio <= 1.1 ? "close to the estimated value, so it is fair" : "well above the estimated value, so it is not a fair price";
      return `the asking price of ${asking.value} is ${verdict} (estimate ${value.value}).`;
    }
  }
  if (/good day|suitable|suit|outdoor|safe to/.test(lowered)) {
    const aqi = observations.find((entry) => /aqi|air/.test(entry.key));
    const temperature = observations.find((entry) => /temp/.test(entry.key));
    const conditions = conditionWords(history);
    const problems = [
      aqi && aqi.value > 100 ? `the air quality index is ${aqi.value}, which is unhealthy for exercise` : undefined,
      temperature && (temperature.value < 3 || temperature.value > 28) ? `it will be ${temperature.value} °C` : undefined,
      /rain|shower|storm|snow/.test(conditions) ? `the forecast says ${conditions.trim()}` : undefined,
    ].filter(Boolean);
    const facts = [aqi ? `air quality index ${aqi.value}` : "", temperature ? `${temperature.value} °C` : "", conditions.trim()].filter(Boolean).join(", ");
    return problems.length === 0 ? `yes: ${facts} make it a good day.` : `no: ${problems.join(" and ")}.`;
  }
  if (/explain|because of|reason for/.test(lowered)) {
    const change = observations.find((entry) => /change/.test(entry.key));
    const headline = textField(history, /headline|title|news/);
    if (change && headline) {
      const positive = /climb|rise|beat|wins|raises|up\b|record|growth/.test(headline.toLowerCase());
      const agrees = positive === change.value > 0;
      return `the headline "${headline}" is ${positive ? "good" : "bad"} news and the price changed by ${change.value}%, so the news ${agrees ? "could explain" : "does not obviously explain"} the move.`;
    }
  }
  const direction = /cheaper|cheapest|less|lower|lowest|shorter|faster|fastest|quicker|earlier|earliest|sooner|soonest|drier|driest|fewer|closer|nearest|smaller/.test(lowered)
    ? "low"
    : /warmer|warmest|hotter|more|higher|highest|larger|longer|wetter|later|most|bigger|better|best/.test(lowered)
      ? "high"
      : undefined;
  if (direction || /\bbetter\b|\bbest\b/.test(lowered)) {
    const series = pickSeries(observations, lowered, "compare");
    // "Better" means less for what one pays or waits for, more for what one wants.
    const better = series.length > 0 && /price|cost|rate|fare|fee|amount|minute|time|duration|distance|bmi|aqi|precip|rain|wait/.test(series[0]!.key) ? "low" : "high";
    const direction2 = /\bbetter\b|\bbest\b/.test(lowered) && !/cheap|fast|quick|warm|dr(y|ier)/.test(lowered) ? better : direction!;
    if (series.length >= 2) {
      const best = series.reduce((left, right) => ((direction2 === "low" ? right.value < left.value : right.value > left.value) ? right : left));
      const listing = series.map((entry) => `${entry.label} ${entry.shown ?? entry.value}`).join(" vs ");
      const others = series.filter((entry) => entry !== best);
      const byHowMuch = /how much|difference|by how/.test(lowered) && others.length === 1 && !best.shown ? `, a difference of ${round(Math.abs(best.value - others[0]!.value))}${unit}` : "";
      return `${listing} (${humanKey(series[0]!.key)}), so the answer is ${best.label}${byHowMuch}.`;
    }
  }
  return undefined;
}

function observe(history: DoneCall[]): Observation[] {
  const differing = Object.keys(history[0]?.arguments ?? {}).filter(
    (key) => history.filter((call) => key in call.arguments).length > 1 && new Set(history.map((call) => JSON.stringify(call.arguments[key]))).size > 1,
  );
  const distinguishing = differing.find((key) => typeof history[0]!.arguments[key] === "string") ?? (differing.length === 1 ? differing[0] : undefined);
  const out: Observation[] = [];
  for (const call of history) {
    const callLabel =
      distinguishing !== undefined
        ? String(call.arguments[distinguishing])
        : differing.length > 1
          ? differing.map((key) => `${key.replace(/_/g, " ")} ${String(call.arguments[key])}`).join(", ")
          : String(Object.values(call.arguments).find((value) => typeof value === "string") ?? call.name);
    const results = call.results && typeof call.results === "object" && !Array.isArray(call.results) ? (call.results as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(results)) {
      if (typeof value === "number") out.push({ label: callLabel, key, value });
      else if (Array.isArray(value) && value.length > 0) {
        if (value.every((entry) => typeof entry === "string" && /^\d{1,2}:\d{2}$/.test(entry))) {
          const first = [...(value as string[])].sort()[0]!;
          out.push({ label: callLabel, key: `first ${key}`, value: minutes(first), shown: first });
        } else if (value.every((entry) => typeof entry === "number")) {
          (value as number[]).forEach((entry, index) => out.push({ label: `${callLabel} #${index + 1}`, key, value: entry }));
        } else {
          for (const item of value) {
            if (!item || typeof item !== "object") continue;
            const record = item as Record<string, unknown>;
            const label = String(Object.entries(record).find(([name, entry]) => typeof entry === "string" && /name|title|description|date|period|day/.test(name))?.[1] ?? callLabel);
            for (const [field, entry] of Object.entries(record)) if (typeof entry === "number") out.push({ label, key: field, value: entry });
          }
        }
      }
    }
  }
  return out;
}

const MEANINGS: Array<[RegExp, RegExp]> = [
  [/cheap|price|cost|expens|pay|fare|spend|amount|bill|total|sum|fee/, /price|cost|fare|amount|total|fee|charge/],
  [/\bdr(y|ier|iest)\b|\bwet|\brain|precip/, /precip|rain|chance/],
  [/warm|hot|cold|temp/, /temp/],
  [/fast|quick|slow|travel time|minutes|duration|time/, /minute|duration/],
  [/distance|kilomet/, /distance|km/],
  [/tide|earl|sooner|later/, /tide|time/],
  [/far|distance|km|kilomet|close|near/, /distance|km/],
  [/bike|free|available|count|how many/, /free|available|count|bike|number/],
  [/air|aqi/, /aqi|air/],
];

function pickSeries(observations: Observation[], text: string, shape: "many" | "one" | "compare"): Observation[] {
  const byKey = new Map<string, Observation[]>();
  for (const entry of observations) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
  const keys = [...byKey.keys()];
  const scored = keys.map((key) => {
    const meaning = MEANINGS.find(([textPattern, keyPattern]) => textPattern.test(text) && keyPattern.test(key.toLowerCase())) ? 3 : 0;
    const named = key.toLowerCase().split(/[_\s]+/).some((word) => word.length > 2 && text.includes(word)) ? 2 : 0;
    const size = shape === "one" ? 0 : byKey.get(key)!.length > 1 ? 1 : -2;
    return { key, score: meaning + named + size };
  });
  scored.sort((left, right) => right.score - left.score);
  const best = scored[0];
  return best ? byKey.get(best.key)! : [];
}

function humanKey(key: string): string {
  return key.replace(/_/g, " ");
}

function minutes(time: string): number {
  const [hours, mins] = time.split(":").map(Number);
  return hours! * 60 + mins!;
}

function currencyOf(history: DoneCall[]): string {
  const currency = textField(history, /^currency$/);
  return currency ? ` ${currency}` : "";
}

function textField(history: DoneCall[], pattern: RegExp): string | undefined {
  for (const call of history) {
    const results = call.results && typeof call.results === "object" ? (call.results as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(results)) if (pattern.test(key) && typeof value === "string") return value;
  }
  return undefined;
}

function conditionWords(history: DoneCall[]): string {
  return history
    .flatMap((call) => Object.entries(call.results && typeof call.results === "object" ? (call.results as Record<string, unknown>) : {}))
    .filter(([key, value]) => /condition|summary|weather/.test(key) && typeof value === "string")
    .map(([, value]) => String(value))
    .join(" ");
}

function userNumbers(text: string): Array<{ value: number; noun: string }> {
  return [...text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*([A-Za-z]+)?/g)]
    .filter((match) => !/^\d{4}-/.test(text.slice(match.index!, match.index! + 5)))
    .map((match) => ({ value: Number(match[1]!.replace(/,/g, "")), noun: (match[2] ?? "").toLowerCase() }));
}
