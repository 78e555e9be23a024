import { isToolErrorResult } from "../../tools/tool-error-result.js";
import { parseDateValue } from "../evidence/date-expressions.js";
import { containsWords, normalText } from "../evidence/text-matching.js";
import { callTurns, describeCall, parseArguments, parseJsonOrText } from "../record-view.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** Field names that mean the same thing in a call and its result. */
const SYNONYMS: string[][] = [
  ["destination", "to", "arrival_station", "arrival_city", "destination_city", "arrival_airport", "destination_airport", "to_city", "to_station", "dest", "arrival_location", "destination_station"],
  ["origin", "from", "departure_station", "departure_city", "origin_city", "departure_airport", "origin_airport", "from_city", "from_station", "departure_location", "origin_station"],
  ["city", "city_name", "location"],
  ["date", "departure_date", "travel_date", "check_in_date", "check_in"],
  ["check_out_date", "check_out"],
  ["source_language", "from_language", "source_lang"],
  ["target_language", "to_language", "target_lang"],
  ["email", "email_address", "recipient_email"],
];

/** Argument names whose result namesake is not an echo (a conversion's amount, a status set, a query). */
const NOT_ECHOED = /^(amount|value|quantity|count|limit|page|offset|text|query|q|status|message|content|body|format|type|unit|units|language|description|note|notes|data|result)$/i;

function group(name: string): string[] {
  const lower = name.toLowerCase();
  return SYNONYMS.find((names) => names.includes(lower)) ?? [lower];
}

/**
 * A result agrees with the call it answers: a top-level (or one level nested) result field
 * that echoes an argument — same name or an obvious synonym (destination / to /
 * arrival_station) — holds the same value (case, spacing and a longer form such as "Kyoto
 * Station" for "Kyoto" allowed); and related fields are not contradicted: a total equals unit
 * price × quantity, a share is no more than the total it splits, a BMI matches weight and height, a trip is not faster than a plane (nor a
 * walk faster than a run).
 */
export const resultConsistencyCheck: TrajectoryCheck = {
  name: "result-consistency",
  description: "result fields that echo an argument equal it; related fields (total, BMI, speed) agree",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      for (const call of turn.calls) {
        const result = turn.results.find((message) => message.tool_call_id === call.id);
        const parsed = parseArguments(call.function.arguments);
        if (!result || "problem" in parsed || isToolErrorResult(result.content)) continue;
        const value = parseJsonOrText(result.content);
        if (!value || typeof value !== "object" || Array.isArray(value)) continue;
        const index = record.messages.indexOf(result);
        const at = `message ${index}, result of ${describeCall(call)}`;
        const fields = resultFields(value as Record<string, unknown>);
        for (const [argument, given] of Object.entries(parsed.value)) {
          if (NOT_ECHOED.test(argument) || (typeof given !== "string" && typeof given !== "number")) continue;
          const names = group(argument);
          for (const [path, returned] of fields) {
            const leaf = path.split(".").at(-1)!.toLowerCase();
            if (!names.includes(leaf) || (typeof returned !== "string" && typeof returned !== "number")) continue;
            if (!sameValue(given, returned)) {
              findings.push({ detail: `${at}, field '${path}': ${JSON.stringify(returned)} contradicts the call's argument '${argument}' = ${JSON.stringify(given)}` });
            }
          }
        }
        for (const problem of relationProblems({ ...parsed.value, ...flatten(fields) }, call.function.name)) findings.push({ detail: `${at}: ${problem}` });
      }
    }
    return findings;
  },
};

/** Top-level fields and those of directly nested objects, by dotted path. */
function resultFields(value: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, item] of Object.entries(value)) {
    if (item && typeof item === "object" && !Array.isArray(item)) for (const [inner, nested] of Object.entries(item)) out.push([`${key}.${inner}`, nested]);
    else out.push([key, item]);
  }
  return out;
}

function flatten(fields: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of fields) out[path.split(".").at(-1)!] ??= value;
  return out;
}

function sameValue(given: string | number, returned: string | number): boolean {
  if (typeof given === "number" || typeof returned === "number") {
    const left = Number(given);
    const right = Number(returned);
    return Number.isFinite(left) && Number.isFinite(right) ? Math.abs(left - right) <= Math.max(1e-9, Math.abs(left) * 0.005) : String(given) === String(returned);
  }
  const givenDay = parseDateValue(given);
  const returnedDay = parseDateValue(returned);
  if (givenDay && returnedDay) return givenDay === returnedDay;
  const left = normalText(given);
  const right = normalText(returned);
  return left === right || containsWords(right, left) || containsWords(left, right);
}

function numberField(fields: Record<string, unknown>, names: RegExp): number | undefined {
  for (const [key, value] of Object.entries(fields)) {
    if (!names.test(key)) continue;
    const number = typeof value === "number" ? value : typeof value === "string" && /^\$?-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim().replace("$", "")) : NaN;
    if (Number.isFinite(number)) return number;
  }
  return undefined;
}

/** Contradictions between related numbers of one call and its result. */
function relationProblems(fields: Record<string, unknown>, functionName: string): string[] {
  const problems: string[] = [];
  const total = numberField(fields, /^(total|total_price|total_cost|total_amount)$/i);
  const unit = numberField(fields, /^(unit_price|price_per_unit|price_each|price_per_night|nightly_rate|price_per_ticket|price_per_item)$/i);
  const quantity = numberField(fields, /^(quantity|qty|units|nights|number_of_nights|tickets|number_of_tickets|num_tickets|items_count)$/i);
  if (total !== undefined && unit !== undefined && quantity !== undefined && quantity > 0) {
    const expected = unit * quantity;
    if (Math.abs(expected - total) > Math.max(0.011, expected * 0.01) && total < expected) {
      problems.push(`the total ${total} is less than unit price ${unit} × quantity ${quantity} = ${round(expected)}`);
    }
  }
  // One person's share of a split is never more than the whole amount split.
  const share = numberField(fields, /^(share|share_amount|amount_per_person|per_person|per_person_amount|each_pays|amount_each|split_amount|amount_owed|owed)$/i);
  const whole = numberField(fields, /^(total|total_amount|amount_total|bill_total|total_bill)$/i);
  if (share !== undefined && whole !== undefined && whole >= 0 && share > whole * 1.0001 + 0.005) {
    problems.push(`the share ${share} is more than the total ${whole} it is a share of`);
  }
  const bmi = numberField(fields, /^bmi$/i);
  const weight = numberField(fields, /^(weight|weight_kg)$/i);
  const heightCm = numberField(fields, /^height_cm$/i);
  const heightM = numberField(fields, /^height_m$/i);
  const genericHeight = numberField(fields, /^height$/i);
  const height = heightM ?? (heightCm !== undefined ? heightCm / 100 : genericHeight !== undefined ? (genericHeight > 3 ? genericHeight / 100 : genericHeight) : undefined);
  if (bmi !== undefined && weight !== undefined && height !== undefined && height > 0) {
    const expected = weight / (height * height);
    if (Math.abs(expected - bmi) > expected * 0.03 + 0.1) problems.push(`the BMI ${bmi} does not match weight ${weight} kg and height ${round(height)} m (that is ${round(expected)})`);
  }
  const distance = numberField(fields, /^(distance_km|distance)$/i);
  const minutes = numberField(fields, /^(duration_minutes|duration_min|travel_time_minutes|walking_time_minutes|walking_minutes|walk_minutes|minutes|time_minutes|duration_mins)$/i);
  if (distance !== undefined && minutes !== undefined && minutes > 0) {
    const speed = distance / (minutes / 60);
    const mode = Object.entries(fields).find(([key]) => /^(mode|travel_mode|transport_mode|transport)$/i.test(key))?.[1];
    const walking = (typeof mode === "string" && /walk|foot/i.test(mode)) || /walk/i.test(functionName) || Object.keys(fields).some((key) => /^walk/i.test(key));
    if (speed > 1000 || (walking && speed > 12)) {
      problems.push(`${distance} km in ${minutes} min is ${round(speed)} km/h, impossible${walking ? " on foot" : " for any transport"}`);
    }
  }
  return problems;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
