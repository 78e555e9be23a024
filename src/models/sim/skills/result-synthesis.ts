import type { PropertySpec } from "../../../schema/function-spec.js";
import type { SeededRandom } from "../../../util/seeded-random.js";
import { normaliseType } from "../../../tools/json-type.js";
import { translateText } from "./word-translation.js";

/**
 * The simulated tool's results, made to agree with the call and with themselves: a field named
 * like an argument echoes it; a route arrives where it was asked to go; distances follow from
 * durations at the speed of the mode of travel; totals are unit prices times quantities; a
 * conversion is the amount times the rate; statuses fit what the function does; a translation
 * translates the given text; lists hold several real-looking items. Every choice is a hash of
 * the seed and the call, so one call always gets the same answer.
 */
export interface CallView {
  name: string;
  description: string;
  args: Record<string, unknown>;
  random: SeededRandom;
}

export function synthesiseResult(call: CallView, responses: Record<string, PropertySpec>): Record<string, unknown> {
  if (Object.keys(responses).length === 0) return { status: statusFor(call) };
  return synthesiseObject(call, responses, [], lowerKeys(call.args));
}

/** The argument values, by lowercased name. */
function lowerKeys(args: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(args).map(([key, value]) => [key.toLowerCase(), value]));
}

function synthesiseObject(call: CallView, fields: Record<string, PropertySpec>, path: unknown[], echo: Map<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const context: ObjectContext = { call, path, echo, produced: out, fields };
  // Primary values first, then the ones that follow from them (distance from duration, totals, categories).
  const order = Object.keys(fields).sort((left, right) => derivedRank(left) - derivedRank(right));
  for (const field of order) out[field] = fieldValue(field, fields[field] ?? { type: "string" }, context);
  return Object.fromEntries(Object.keys(fields).map((field) => [field, out[field]]));
}

interface ObjectContext {
  call: CallView;
  path: unknown[];
  /** Values a field of this name should repeat (the call's arguments, or an item's own date). */
  echo: Map<string, unknown>;
  produced: Record<string, unknown>;
  fields: Record<string, PropertySpec>;
}

function derivedRank(field: string): number {
  const key = field.toLowerCase();
  if (/currency/.test(key)) return -1;
  if (/total|converted|distance|category|level|end_time|arrival_time|summary|headline|condition/.test(key)) return 1;
  return 0;
}

function fieldValue(field: string, spec: PropertySpec, context: ObjectContext): unknown {
  const key = field.toLowerCase();
  const type = normaliseType(spec.type);
  const echoed = context.echo.get(key);
  if (echoed !== undefined && fits(echoed, type)) return echoed;
  if (Array.isArray(spec.enum) && spec.enum.length > 0) return pickEnum(spec.enum, key, context);
  switch (type) {
    case "boolean":
      return booleanFor(key, context);
    case "integer":
      return Math.round(numberFor(key, spec, context, true));
    case "number":
      return numberFor(key, spec, context, false);
    case "array":
      return arrayFor(key, spec, context);
    case "object": {
      const properties = (spec.properties as Record<string, PropertySpec> | undefined) ?? {};
      return synthesiseObject(context.call, properties, [...context.path, key], context.echo);
    }
    default:
      return stringFor(key, spec, context);
  }
}

function fits(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number";
  if (type === "boolean") return typeof value === "boolean";
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return typeof value === "string";
}

function pickEnum(options: unknown[], key: string, context: ObjectContext): unknown {
  return context.call.random.pick(options, "enum", context.call.name, key, context.path, context.call.args);
}

// ---------------------------------------------------------------- numbers

function unit(context: ObjectContext, ...parts: unknown[]): number {
  return context.call.random.unit(context.call.name, context.path, context.call.args, ...parts);
}

function between(context: ObjectContext, low: number, high: number, ...parts: unknown[]): number {
  return low + unit(context, ...parts) * (high - low);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** The words of the function's name and description: what kind of thing it does. */
function topic(context: ObjectContext): string {
  return `${context.call.name.replace(/_/g, " ")} ${context.call.description} ${Object.values(context.call.args).filter((value) => typeof value === "string").join(" ")}`.toLowerCase();
}

type Mode = "walk" | "run" | "ride" | "drive" | "transit" | "train" | "ferry" | "flight";
const SPEED_KMH: Record<Mode, number> = { walk: 4.8, run: 10.5, ride: 20, drive: 38, transit: 24, train: 95, ferry: 30, flight: 700 };
const MINUTES: Record<Mode, [number, number]> = {
  walk: [6, 35], run: [22, 65], ride: [20, 80], drive: [12, 55], transit: [18, 70], train: [25, 140], ferry: [75, 110], flight: [80, 660],
};

function travelMode(context: ObjectContext): Mode {
  const text = `${topic(context)} ${Object.keys(context.fields).join(" ")}`;
  if (/\bwalk/.test(text)) return "walk";
  if (/\brun\b|running|jog/.test(text)) return "run";
  if (/\bride\b|cycl|bike/.test(text)) return "ride";
  if (/transit|\bbus\b|subway|metro/.test(text)) return "transit";
  if (/train|rail/.test(text)) return "train";
  if (/ferry|crossing/.test(text)) return "ferry";
  if (/flight|fly/.test(text)) return "flight";
  return "drive";
}

/** One journey per object: minutes and kilometres are two views of it. */
/** Modes that travel the same roads: one route between two places has one length for all of them. */
const ROUTE_GROUP: Record<Mode, Mode> = { walk: "walk", run: "walk", ride: "drive", drive: "drive", transit: "drive", train: "train", ferry: "ferry", flight: "flight" };

function journey(context: ObjectContext): { minutes: number; km: number } {
  const mode = travelMode(context);
  const place = (pattern: RegExp) => [...context.echo.entries()].find(([key, value]) => pattern.test(key) && typeof value === "string")?.[1] as string | undefined;
  const origin = place(/origin|^from|start|departure/);
  const destination = place(/destination|^to$|^to_|end|arrival/);
  if (origin && destination) {
    // The length follows from the route alone (not the mode), so driving and transit between the same places agree.
    const group = ROUTE_GROUP[mode];
    const [low, high] = MINUTES[group];
    const share = context.call.random.unit("route", group, origin.toLowerCase(), destination.toLowerCase());
    const km = round2(((low + share * (high - low)) / 60) * SPEED_KMH[group]);
    return { km, minutes: Math.max(1, Math.round((km / SPEED_KMH[mode]) * 60)) };
  }
  const [low, high] = MINUTES[mode];
  const minutes = Math.round(between(context, low, high, "journey-minutes"));
  return { minutes, km: round2((minutes / 60) * SPEED_KMH[mode]) };
}

const EXCHANGE_TO_USD: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067, CHF: 1.12, CAD: 0.73, AUD: 0.66, NOK: 0.094, SEK: 0.095, PLN: 0.25, INR: 0.012 };

function currencyArg(context: ObjectContext, which: "from" | "to"): string | undefined {
  const entries = [...context.echo.entries()].filter(([key, value]) => typeof value === "string" && /currency/.test(key) && String(value).toUpperCase() in EXCHANGE_TO_USD);
  const target = entries.find(([key]) => /target|to_|^to$|into/.test(key));
  const source = entries.find(([key]) => key !== target?.[0]);
  const found = which === "to" ? target : source;
  return found ? String(found[1]).toUpperCase() : undefined;
}

function amountArg(context: ObjectContext): number | undefined {
  for (const [key, value] of context.echo) if (typeof value === "number" && /amount|price|total|value|sum/.test(key)) return value;
  return undefined;
}

function quantityArg(context: ObjectContext): number | undefined {
  for (const [key, value] of context.echo) {
    if (Number.isInteger(value) && /quantity|count|tickets|nights|guests|people|party|servings|seats|packs|number_of|hours|days/.test(key)) return value as number;
  }
  return undefined;
}

/** How many people share an amount: a count the call gives, else each named person plus the one asking. */
function sharers(context: ObjectContext): number {
  for (const [key, value] of context.echo) if (Number.isInteger(value) && (value as number) >= 1 && /shares|people|persons|ways|parts|split|participants/.test(key)) return value as number;
  const named = [...context.echo.entries()].filter(([key, value]) => /contact|name|person|friend|participant/.test(key) && (typeof value === "string" || Array.isArray(value)));
  const people = named.reduce((sum, [, value]) => sum + (Array.isArray(value) ? value.length : 1), 0);
  return Math.max(1, people) + 1;
}

function hoursBetweenArgs(context: ObjectContext): number | undefined {
  const start = [...context.echo.entries()].find(([key, value]) => /start|from|arrival/.test(key) && typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value));
  const end = [...context.echo.entries()].find(([key, value]) => /end|until|to|departure/.test(key) && typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value));
  if (!start || !end) return undefined;
  const minutes = toMinutes(String(end[1])) - toMinutes(String(start[1]));
  return minutes > 0 ? minutes / 60 : undefined;
}

/** A plausible price for one unit of what this function sells or bills. */
function unitPrice(key: string, context: ObjectContext): number {
  const text = topic(context);
  const currency = (context.produced.currency ?? currencyArg(context, "from") ?? "") as string;
  let price: number;
  if (/litre|liter|gallon/.test(key) || /fuel|petrol|diesel/.test(text)) price = between(context, 1.38, 1.82, key);
  else if (/hourly|per_hour/.test(key)) price = between(context, 2.5, 7.5, key);
  else if (/night|hotel|room/.test(key) || /hotel|room|stay/.test(text)) price = between(context, 75, 240, key);
  else if (/flight|airline/.test(text)) price = between(context, 180, 950, key);
  else if (/fare|ferry|train|bus/.test(key) || /ferry|train|bus|fare/.test(text)) price = between(context, 24, 96, key);
  else if (/ticket|match|cinema|movie|show|concert/.test(text)) price = between(context, 14, 68, key);
  else if (/bill|utility|electric|energy|gas|water/.test(text)) price = between(context, 48, 165, key);
  else if (/invoice|supplier/.test(text)) price = between(context, 180, 2400, key);
  else if (/share|stock|ticker|quote/.test(text)) price = between(context, 20, 640, key);
  else if (/car|vehicle|vin/.test(text) && /value|price/.test(key)) price = between(context, 7500, 26000, key);
  else if (/balance/.test(key)) price = between(context, 400, 25000, key);
  else if (/claim|payout|insurance/.test(text)) price = between(context, 400, 6500, key);
  else if (/expense|taxi|meal/.test(text)) price = between(context, 12, 210, key);
  else price = between(context, 8, 180, key);
  // Prices quoted in a currency with small units (yen) are larger numbers.
  // A search with a price ceiling returns something under it.
  const ceiling = [...context.echo.entries()].find(([name, value]) => typeof value === "number" && /max|budget|under|limit/.test(name))?.[1] as number | undefined;
  if (ceiling !== undefined && /price|cost/.test(key)) price = ceiling * between(context, 0.55, 0.95, "ceiling", key);
  if (currency && EXCHANGE_TO_USD[currency] !== undefined && EXCHANGE_TO_USD[currency]! < 0.05) return Math.round(price / EXCHANGE_TO_USD[currency]!);
  return round2(price);
}

function numberFor(key: string, spec: PropertySpec, context: ObjectContext, integer: boolean): number {
  const text = topic(context);
  const produced = context.produced;
  const description = String(spec.description ?? "").toLowerCase();
  if (/bmi|body_mass/.test(key)) {
    const bmi = bodyMassIndex(context);
    if (bmi !== undefined) return bmi;
  }
  const loan = loanTerms(context);
  if (loan && /monthly|payment|instal/.test(key)) return loan.monthly;
  if (loan && /interest/.test(key) && /total/.test(key)) return loan.interest;
  if (loan && /total/.test(key)) return round2(loan.monthly * loan.months);
  if (/minute|duration|travel_time|time_min/.test(key) && !/per/.test(key)) return journey(context).minutes;
  if (/distance|_km$|^km|miles?$/.test(key) && !/route|travel|trip|journey|train|flight|walk|driv|transit|commute|run|ride|activity|ferry|direction/.test(text)) {
    // A place found "near" somewhere is near: a short distance, not a journey.
    return round2(between(context, 0.3, 6, key));
  }
  if (/distance|_km$|^km|miles?$/.test(key)) return /mile/.test(key) ? round2(journey(context).km / 1.609) : journey(context).km;
  if (/pace/.test(key)) return round2(journey(context).minutes / Math.max(journey(context).km, 0.1));
  if (/speed/.test(key)) return round1(SPEED_KMH[travelMode(context)]);
  if (/^rate$|exchange_rate|conversion_rate/.test(key)) return rateFor(context);
  if (/converted|result_amount/.test(key)) {
    const amount = amountArg(context);
    return amount === undefined ? unitPrice(key, context) : round2(amount * rateFor(context));
  }
  // A share of a split amount: the total divided among the people sharing it, never more than the total.
  if (/share|per_person|each|owed/.test(key) && !/stock|ticker|quote|market/.test(text)) {
    const total = amountArg(context);
    if (total !== undefined) return round2(total / sharers(context));
  }
  const buying = /\b(buy|order|purchase|book|reserve|pay)\b/.test(text) && quantityArg(context) !== undefined && /^(amount|cost|price|charge)$/.test(key);
  if (buying || (/total|^amount_due|^cost$/.test(key) && /price|cost|amount|fee|total/.test(key))) {
    const quantity = quantityArg(context);
    const hours = /park/.test(text) ? hoursBetweenArgs(context) : undefined;
    const base = unitPrice(`unit-${key}`, context);
    const units = hours ?? quantity ?? 1;
    return round2((/hourly|park/.test(text) ? between(context, 2.5, 7.5, "hourly") : base) * units);
  }
  if (/percent|chance|probability|humidity/.test(key)) {
    if (/change/.test(key)) return round2((sentiment(context) ? 1 : -1) * between(context, 0.3, 4.2, key));
    const value = /humidity/.test(key) ? between(context, 35, 92, key) : between(context, 0, 100, key);
    return integer ? Math.round(value) : round1(value);
  }
  if (/change/.test(key)) return round2((sentiment(context) ? 1 : -1) * between(context, 0.2, 12, key));
  if (/precip|rain|snow/.test(key)) return round1(between(context, 0, 14, key) ** 1.15 / 2);
  if (/temp|celsius|_c$/.test(key)) return /_f$|fahrenheit/.test(key) ? round1(between(context, 40, 85, key)) : round1(between(context, -2, 29, key));
  if (/aqi|air_quality/.test(key)) return Math.round(between(context, 12, 165, key));
  if (/wind/.test(key)) return round1(between(context, 3, 38, key));
  if (/refund/.test(key)) return unitPrice(key, context);
  if (/price|cost|fee|fare|amount|balance|value|rate|salary|payout|charge/.test(key)) return unitPrice(key, context);
  if (/population/.test(key)) return Math.round(between(context, 180_000, 9_000_000, key));
  if (/area/.test(key)) return round1(between(context, 80, 2200, key));
  if (/density/.test(key)) return Math.round(between(context, 400, 9000, key));
  if (/serving|portion/.test(key)) return Math.round(between(context, 2, 6.4, key));
  if (/calorie|kcal/.test(key)) return Math.round(between(context, 280, 780, key) * (quantityArg(context) ?? 1));
  if (/protein|fat|carb|fiber|sugar/.test(key)) return round1(between(context, 6, 38, key) * (quantityArg(context) ?? 1));
  if (/kwh|usage|consumption/.test(key)) return round1(between(context, 140, 460, key));
  if (/rating|score|stars/.test(key)) return round1(between(context, 3.2, 4.9, key));
  if (/year/.test(key)) return Math.round(between(context, 1988, 2024, key));
  if (/age/.test(key)) return Math.round(between(context, 18, 80, key));
  if (/lat/.test(key)) return round2(between(context, -60, 70, key));
  if (/lon|lng/.test(key)) return round2(between(context, -170, 170, key));
  if (/accident|incident|violation/.test(key)) return Math.round(between(context, 0, 2.4, key));
  if (/owner/.test(key)) return Math.round(between(context, 1, 3.4, key));
  if (/session|visits|workouts/.test(key)) return Math.round(between(context, 2, 7.4, key));
  if (/interval|every|days/.test(key) && !/count/.test(key)) return Math.round(between(context, 5, 14.4, key));
  if (/hours?/.test(key)) return Math.round(between(context, 1, 10, key));
  if (/item_count|items|count|number|quantity|available|free|stock|seats|spaces|packs|bikes|docks|left|remaining/.test(key)) {
    const listed = [...context.echo.values()].find((value) => Array.isArray(value)) as unknown[] | undefined;
    if (/item_count/.test(key) && listed) return listed.length + Math.round(between(context, 0, 4, key));
    return Math.round(between(context, 2, 24, key));
  }
  void produced;
  void description;
  const value = between(context, 1, 100, key);
  return integer ? Math.round(value) : round2(value);
}

/** An annuity loan's monthly payment and total interest, from the principal, yearly rate (%) and term. */
function loanTerms(context: ObjectContext): { monthly: number; interest: number; months: number } | undefined {
  const entries = [...context.echo.entries()].filter(([, value]) => typeof value === "number") as Array<[string, number]>;
  const principal = entries.find(([name]) => /amount|principal|loan$/.test(name))?.[1];
  const rate = entries.find(([name]) => /rate|interest/.test(name))?.[1];
  const term = entries.find(([name]) => /term|months|years|duration/.test(name));
  if (principal === undefined || rate === undefined || !term) return undefined;
  const months = /year/.test(term[0]) ? term[1] * 12 : term[1];
  const monthlyRate = rate / 100 / 12;
  const monthly = monthlyRate === 0 ? principal / months : (principal * monthlyRate) / (1 - (1 + monthlyRate) ** -months);
  return { monthly: round2(monthly), interest: round2(monthly * months - principal), months };
}

/** kg / m², from the call's weight and height (height in cm or m). */
function bodyMassIndex(context: ObjectContext): number | undefined {
  const weight = [...context.echo.entries()].find(([name, value]) => /weight|kg/.test(name) && typeof value === "number")?.[1] as number | undefined;
  const height = [...context.echo.entries()].find(([name, value]) => /height|cm/.test(name) && typeof value === "number")?.[1] as number | undefined;
  if (!weight || !height) return undefined;
  const metres = height > 3 ? height / 100 : height;
  return round2(weight / (metres * metres));
}

function bmiCategory(bmi: number): string {
  return bmi < 18.5 ? "underweight" : bmi < 25 ? "healthy weight" : bmi < 30 ? "overweight" : "obese";
}

function rateFor(context: ObjectContext): number {
  const from = currencyArg(context, "from") ?? "USD";
  const to = currencyArg(context, "to") ?? "EUR";
  const rate = (EXCHANGE_TO_USD[from] ?? 1) / (EXCHANGE_TO_USD[to] ?? 1);
  return rate < 0.1 ? Math.round(rate * 10_000) / 10_000 : Math.round(rate * 1000) / 1000;
}

function sentiment(context: ObjectContext): boolean {
  return context.call.random.unit("sentiment", context.call.name, context.call.args) < 0.55;
}

// ---------------------------------------------------------------- booleans

function booleanFor(key: string, context: ObjectContext): boolean {
  if (/cancel|delay|error|fail|closed|expired|overdue|sold_out|blocked|denied|rejected/.test(key)) return false;
  if (/avail|in_stock|open|success|valid|eligible|approved|confirmed|free|can_|has_|ok$|accept|exists|found/.test(key)) return true;
  return unit(context, "bool", key) < 0.7;
}

// ---------------------------------------------------------------- arrays

function arrayFor(key: string, spec: PropertySpec, context: ObjectContext): unknown[] {
  const items = (spec.items as PropertySpec | undefined) ?? { type: "string" };
  const itemType = normaliseType(items.type);
  const length = listLength(key, context);
  const description = String(spec.description ?? "").toLowerCase() + String(items.description ?? "").toLowerCase();
  if (itemType === "object") {
    const properties = (items.properties as Record<string, PropertySpec> | undefined) ?? {};
    const produced = Array.from({ length }, (_, index) => {
      const echo = new Map(context.echo);
      // An item's own date or month steps through the list instead of repeating the call's.
      for (const [name] of Object.entries(properties)) echo.delete(name.toLowerCase());
      const start = [...context.echo.entries()].find(([name, value]) => /date|start|from/.test(name) && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value));
      for (const [name, property] of Object.entries(properties)) {
        const lowered = name.toLowerCase();
        const shape = `${lowered} ${String(property.description ?? "").toLowerCase()}`;
        if (/yyyy-mm(?!-)|period|month/.test(shape) && !/yyyy-mm-dd/.test(shape)) echo.set(lowered, monthBefore(baseDate(context), length - 1 - index));
        else if (/^date$|^day$/.test(lowered) && start) echo.set(lowered, addDays(String(start[1]), index));
      }
      return synthesiseObject(context.call, properties, [...context.path, key, index], echo);
    });
    return inStatedOrder(produced, description, properties);
  }
  if (itemType === "integer" || itemType === "number") {
    return Array.from({ length }, (_, index) => fieldValue(singular(key), items, { ...context, path: [...context.path, key, index] }));
  }
  if (/time|slot|tide|hh:mm/.test(`${key} ${description}`)) return timeList(key, length, context);
  return Array.from({ length }, (_, index) => stringItem(key, index, context));
}

/**
 * Lists of departures, slots and events come in time order, as real systems return them, and a
 * list whose description states an order ("earliest first", "cheapest first") is in that order:
 * "the first train" must be the earliest one.
 */
function inStatedOrder(items: Array<Record<string, unknown>>, description: string, properties: Record<string, PropertySpec>): Array<Record<string, unknown>> {
  const names = Object.keys(properties);
  const byPrice = /cheapest first|lowest price first|by price|price ascending/.test(description);
  const key = byPrice
    ? names.find((name) => /price|fare|cost|amount|total/.test(name.toLowerCase()))
    : names.find((name) => /depart|leav|start|time|slot|date|when|begins/.test(name.toLowerCase()) && items.every((item) => Number.isFinite(orderValue(item[name]))));
  if (!key) return items;
  if (!byPrice && !/earliest|soonest|first|chronolog|in order|sorted|depart|slot|time|date/.test(`${description} ${names.join(" ")}`)) return items;
  const sorted = [...items].sort((left, right) => orderValue(left[key]) - orderValue(right[key]));
  return /latest first|newest first|most recent first|descending/.test(description) ? sorted.reverse() : sorted;
}

function orderValue(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value.length > 10 ? value : value.slice(0, 10));
  if (typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value)) {
    const [hours, minutes] = value.split(":").map(Number);
    return hours! * 60 + minutes!;
  }
  return Number.NaN;
}

function listLength(key: string, context: ObjectContext): number {
  for (const [name, value] of context.echo) {
    if (Number.isInteger(value) && /days|months|count|limit|number|max_results|results|weeks/.test(name) && (value as number) >= 1) return Math.min(value as number, 7);
  }
  if (/tide/.test(key)) return 2;
  return 3;
}

function singular(key: string): string {
  return key.endsWith("ies") ? `${key.slice(0, -3)}y` : key.endsWith("s") ? key.slice(0, -1) : key;
}

function timeList(key: string, length: number, context: ObjectContext): string[] {
  if (/tide/.test(key)) {
    // Two high (or low) waters a day, about 12 h 25 min apart; low tides sit between the highs.
    const offset = /low/.test(key) ? 372 : 0;
    const first = Math.round(between(context, 0, 380, "tide-first")) + offset;
    return Array.from({ length }, (_, index) => fromMinutes((first + index * 745) % 1440)).sort();
  }
  const after = [...context.echo.values()].find((value) => typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value)) as string | undefined;
  let start = after ? toMinutes(after) + 15 : 9 * 60 + 15 * Math.round(between(context, 0, 8, "first-slot"));
  const out: string[] = [];
  for (let index = 0; index < length; index++) {
    out.push(fromMinutes(Math.min(start, 23 * 60 + 30)));
    start += 30 * Math.round(between(context, 1, 4, "gap", index));
  }
  return [...new Set(out)];
}

const LIST_WORDS: Array<[RegExp, string[]]> = [
  [/ingredient/, ["onions", "garlic cloves", "olive oil", "chopped tomatoes", "spinach", "rice", "fresh coriander", "lemon juice"]],
  [/headline|news|article/, ["Quarterly results beat forecasts", "New product line announced", "Chief executive steps down", "Supplier deal signed"]],
  [/symptom/, ["headache", "mild fever", "sore throat"]],
  [/amenit|feature|facilit/, ["free wifi", "breakfast included", "parking", "24-hour reception"]],
  [/genre|tag|categor/, ["drama", "documentary", "comedy", "thriller"]],
  [/skill/, ["project planning", "data analysis", "public speaking"]],
  [/step|instruction|direction/, ["Head north on the main road", "Turn left at the crossing", "Continue straight for 300 m", "Arrive at the destination"]],
];

function stringItem(key: string, index: number, context: ObjectContext): string {
  const text = `${key} ${topic(context)}`;
  const found = LIST_WORDS.find(([pattern]) => pattern.test(key)) ?? LIST_WORDS.find(([pattern]) => pattern.test(text));
  if (/ingredient/.test(key)) {
    const servings = quantityArg(context) ?? 4;
    const words = LIST_WORDS[0]![1];
    const word = words[(index + Math.floor(unit(context, "ingredient-start") * words.length)) % words.length]!;
    return `${Math.max(1, Math.round(servings * between(context, 40, 110, "grams", index) / 10) * 10)} g ${word}`;
  }
  if (found) return found[1][(index + Math.floor(unit(context, key, "start") * found[1].length)) % found[1].length]!;
  if (/email/.test(key)) return `${PEOPLE_FIRST[index % PEOPLE_FIRST.length]!.toLowerCase()}@example.com`;
  if (/date/.test(key)) return addDays(baseDate(context), index * 7);
  if (/name|people|person|member|attendee|author/.test(key)) return PEOPLE[(index + Math.floor(unit(context, key) * PEOPLE.length)) % PEOPLE.length]!;
  if (/id$|ids$|code/.test(key)) return identifier(singular(key), context, index);
  return `${capitalise(singular(key).replace(/_/g, " "))} ${index + 1}`;
}

// ---------------------------------------------------------------- strings

const PEOPLE = ["Maria Lopez", "James Carter", "Aiko Tanaka", "Priya Nair", "Tom Becker", "Lena Novak", "Omar Haddad", "Grace Mensah", "Lukas Weber"];
const PEOPLE_FIRST = ["Maria", "James", "Aiko", "Priya", "Tom", "Lena"];
const PLACE_WORDS = ["Riverside", "Maple", "Harbour", "Parkview", "Oakwood", "Kingsway", "Northgate", "Elm Grove"];
const TITLES = ["The Quiet Harbor", "Northern Lights", "A Year of Bread", "Small Engines", "Field Notes", "The Glass Orchard", "Salt and Stone"];
const TEAMS = ["Harbour United", "City Athletic", "Northgate Rangers", "Kingsway Town", "Riverside Albion"];
const CONDITIONS = ["sunny", "partly cloudy", "light rain", "overcast", "clear", "showers"];
const STREETS = ["12 Elm Street", "48 Harbour Road", "7 Kings Avenue", "230 Pine Lane", "19 Mill Lane"];

function capitalise(text: string): string {
  return text.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

function identifier(key: string, context: ObjectContext, ...parts: unknown[]): string {
  const stem = key.replace(/_?(id|code|number|reference|ref)$/, "").replace(/_/g, "");
  const prefix = (stem.slice(0, 3) || "ID").toUpperCase();
  return `${prefix}-${Math.floor(between(context, 10000, 99999, "id", key, ...parts))}`;
}

function statusFor(call: { name: string; description: string }): string {
  const text = `${call.name.replace(/_/g, " ")} ${call.description}`.toLowerCase();
  const verbs: Array<[RegExp, string]> = [
    [/\bcancel/, "cancelled"],
    [/\b(send|email|sms|text message|notify|message)\b/, "sent"],
    [/\brenew/, "renewed"],
    [/\b(return|refund)/, "return started"],
    [/\b(pay|payment|payout)\b/, /payout|request/.test(text) ? "processing" : "paid"],
    [/\b(track|parcel|shipment|delivery)\b/, "in transit"],
    [/\bclaim\b/, "approved"],
    [/\b(book|reserve|reservation|hold|appointment|schedule|register|buy|purchase|order)\b/, "confirmed"],
    [/\b(add|create|set|save)\b/, "created"],
    [/\bupdate\b/, "updated"],
    [/\b(delete|remove)\b/, "deleted"],
  ];
  return verbs.find(([pattern]) => pattern.test(text))?.[1] ?? "completed";
}

function stringFor(key: string, spec: PropertySpec, context: ObjectContext): string {
  const description = String(spec.description ?? "").toLowerCase();
  const text = topic(context);
  const args = context.echo;
  const stringArg = (pattern: RegExp) => [...args.entries()].find(([name, value]) => pattern.test(name) && typeof value === "string")?.[1] as string | undefined;

  if (/translat/.test(key)) {
    const source = stringArg(/^text$|source_text|sentence|content|message/) ?? [...args.values()].find((value) => typeof value === "string" && value.includes(" ")) as string | undefined;
    const language = stringArg(/target|language|lang|to$/) ?? "Spanish";
    return translateText(source ?? "", language);
  }
  if (/source_language|detected|from_language|original_language/.test(key)) return "English";
  if (/status|state$/.test(key)) return statusFor(context.call);
  if (/station/.test(key) && /arriv|destination|end/.test(key)) return stationName(stringArg(/destination|arrival|to$|^to_/));
  if (/station/.test(key) && /depart|origin|start/.test(key)) return stationName(stringArg(/origin|departure|from$|^from_/));
  if (/(^|_)(id|code|reference|ref|confirmation|number|token)$/.test(key) && !/phone/.test(key)) return identifier(key, context, context.path);
  if (/email/.test(key)) return `${PEOPLE_FIRST[Math.floor(unit(context, key) * PEOPLE_FIRST.length)]!.toLowerCase()}@example.com`;
  if (/phone/.test(key)) return `+44 20 7946 ${String(Math.floor(between(context, 1000, 9999, key))).padStart(4, "0")}`;
  if (/url|link|website/.test(key)) return `https://example.com/${identifier(key, context).toLowerCase()}`;
  if (/yyyy-mm(?!-)/.test(description) || /^period$|^month$/.test(key)) return monthBefore(baseDate(context), 0);
  if (/date|day$|deadline|birth|_on$/.test(key) || /yyyy-mm-dd/.test(description)) return dateFor(key, context);
  if (/time|kickoff|departure|arrival|ready_by|start|end|hh:mm/.test(key) || /hh:mm/.test(description)) return timeFor(key, context);
  if (/language/.test(key)) return "English";
  if (/(^|_)seat($|_)/.test(key) && !/type|class/.test(key)) return `${Math.floor(between(context, 1, 60, key))}${pickFrom(["A", "B", "C", "D"], `${key}-letter`, context)}`;
  if (/(^|_)(coach|carriage|car|wagon|deck|gate|platform|cabin)($|_)/.test(key) && /number|no\b|which/.test(`${key} ${description}`)) return String(Math.floor(between(context, 1, 12, key)));
  if (/currency/.test(key)) return currencyArg(context, "to") ?? currencyArg(context, "from") ?? (/jpy|yen|tokyo|osaka|kyoto|japan/.test(text) ? "JPY" : /gbp|£|uk|london|manchester|leeds|dover/.test(text) ? "GBP" : /eur|€|paris|berlin|lisbon|amsterdam|porto/.test(text) ? "EUR" : "USD");
  if (/opponent|team/.test(key)) return TEAMS[Math.floor(unit(context, key) * TEAMS.length)]!;
  if (/venue|stadium|ground/.test(key)) return `${stringArg(/team|club|home/) ?? pickFrom(PLACE_WORDS, key, context)} Stadium`;
  if (/headline|title/.test(key) && /news|headline|stock|ticker|company/.test(text)) return headlineFor(context);
  if (/recipe|dish|meal/.test(key)) return recipeName(context);
  if (/symbol|ticker/.test(key)) {
    const company = stringArg(/company|name|query/);
    return company ? company.replace(/[^A-Za-z]/g, "").slice(0, 4).toUpperCase() : identifier(key, context);
  }
  if (/airline|carrier/.test(key)) return pickFrom(["Northwind Airways", "SkyBridge Air", "Coastal Airlines", "Meridian Air"], key, context);
  if (/author|doctor|physician|person|contact|driver|guest|artist|director|owner|agent|instructor|host|customer|patient|passenger|holder|client|member|traveller|traveler|employee|student|user_name|full_name/.test(key)) {
    // The person an e-mail address belongs to is named by it: maria.lopez@… is Maria Lopez.
    const email = /doctor|physician|author|artist|director|instructor|host|agent|driver/.test(key) ? undefined : stringArg(/email|e_mail/);
    const person = email ? nameFromEmail(email) : pickFrom(PEOPLE, key, context);
    return /doctor|physician/.test(key) ? `Dr. ${person}` : person;
  }
  if (/title|book|movie|film|song|album|episode/.test(key)) return pickFrom(TITLES, key, context);
  if (/product|item/.test(key) && /name|title|^product$|^item$/.test(key)) return productName(key, context);
  const place = /(clinic|station|garage|hotel|restaurant|cinema|venue|store|shop|pharmacy|company|cafe|gym|library|branch|office|school|center|centre|hospital|bank|stop|dock)/.exec(`${key} ${/name/.test(key) ? text : ""}`);
  if (place && /name|^[a-z]+$/.test(key)) return `${pickFrom(PLACE_WORDS, key, context)} ${placeNoun(place[1]!, text)}`;
  if (/city|town|location|place|destination|origin|region/.test(key)) return stringArg(/city|location|place|town/) ?? pickFrom(["Lisbon", "Toronto", "Osaka", "Denver", "Krakow"], key, context);
  if (/address|street/.test(key)) return pickFrom(STREETS, key, context);
  // The text of an article or story: what its headline says, not a status word.
  if (/text|content|body|summary/.test(key) && /article|news|story|headline|post/.test(`${context.call.name} ${text}`)) return articleText(context, stringArg);
  if (/weather|condition|forecast|sky/.test(key) || (key === "summary" && /weather|forecast|temperature/.test(text))) return pickFrom(CONDITIONS, key, context);
  if (/category|level|quality/.test(key) && typeof context.produced.aqi === "number") return aqiCategory(context.produced.aqi as number);
  if (/category|class|status/.test(key) && bodyMassIndex(context) !== undefined) return bmiCategory(bodyMassIndex(context)!);
  if (/instruction|method|direction|step/.test(key)) return "Prepare the ingredients, cook over a medium heat for 25 minutes, then season and serve.";
  if (/light/.test(key)) return pickFrom(["bright indirect light", "partial shade", "full sun"], key, context);
  if (/description|item|product|name/.test(key)) return productName(key, context);
  if (/message|note|comment|text|content|details|reason|answer|result|summary/.test(key)) return `${capitalise(context.call.name.replace(/_/g, " "))} done.`;
  if (/type|kind|class|plan|tier|mode/.test(key)) return pickFrom(["standard", "economy", "premium"], key, context);
  // Nothing better known: a plain descriptive value rather than a filler made of the field's name.
  return pickFrom(["regular", "standard", "basic"], key, context) === "regular" ? "Regular" : pickFrom(["Standard", "Basic", "Classic"], key, context);
}

/** An article's text or summary, built from its headline (produced or given) or the topic asked about. */
function articleText(context: ObjectContext, stringArg: (pattern: RegExp) => string | undefined): string {
  const headline = (typeof context.produced.headline === "string" ? context.produced.headline : undefined) ?? stringArg(/headline|title/);
  const topic = stringArg(/topic|query|subject|category/);
  const lead = headline ? headline.replace(/\.$/, "") : `New developments in ${topic ?? "the story"}`;
  return `${lead}. The report sets out what happened, quotes the people involved and explains what is expected next.`;
}

function pickFrom<T>(items: readonly T[], key: string, context: ObjectContext): T {
  // Items of one list rotate through the choices, so a list never repeats a name.
  const index = [...context.path].reverse().find((part) => typeof part === "number") as number | undefined;
  if (index === undefined) return items[Math.floor(unit(context, "pick", key) * items.length)]!;
  const listPath = context.path.slice(0, context.path.lastIndexOf(index));
  const start = Math.floor(context.call.random.unit(context.call.name, listPath, context.call.args, "pick", key) * items.length);
  return items[(start + index) % items.length]!;
}

function nameFromEmail(email: string): string {
  const parts = email.split("@")[0]!.split(/[._-]+/).filter((part) => /^[a-z]+$/i.test(part));
  if (parts.length === 0) return capitalise(email.split("@")[0]!);
  return parts.map((part) => (part.length === 1 ? `${part.toUpperCase()}.` : capitalise(part.toLowerCase()))).join(" ");
}

function stationName(place: string | undefined): string {
  if (!place) return "Central Station";
  return /station/i.test(place) ? place : `${place} Station`;
}

function placeNoun(noun: string, text: string): string {
  if (noun === "clinic" && /vet|animal|pet/.test(text)) return "Veterinary Clinic";
  if (noun === "station" && /fuel|petrol|diesel/.test(text)) return "Service Station";
  if (noun === "stop" || noun === "dock") return noun === "dock" ? "Dock" : "Stop";
  return capitalise(noun);
}

function aqiCategory(aqi: number): string {
  if (aqi <= 50) return "Good";
  if (aqi <= 100) return "Moderate";
  if (aqi <= 150) return "Unhealthy for sensitive groups";
  return "Unhealthy";
}

function headlineFor(context: ObjectContext): string {
  const subject = [...context.echo.values()].find((value) => typeof value === "string") as string | undefined;
  const good = ["shares climb after quarterly results beat forecasts", "wins a major supply contract", "raises its full-year outlook"];
  const bad = ["shares slip as quarterly sales miss forecasts", "faces a product recall", "cuts its full-year outlook"];
  const list = sentiment(context) ? good : bad;
  return `${subject ?? "The company"} ${list[Math.floor(unit(context, "headline") * list.length)]}`;
}

function recipeName(context: ObjectContext): string {
  const order = (name: string) => (/cuisine|diet/.test(name) ? 0 : 1);
  const words = [...context.echo.entries()]
    .filter(([name, value]) => typeof value === "string" && /ingredient|dish|diet|cuisine|query|keyword/.test(name))
    .sort(([left], [right]) => order(left) - order(right))
    .map(([, value]) => String(value));
  const base = words.length > 0 ? words.join(" ") : pickFrom(["vegetable", "lentil", "chickpea"], "recipe-base", context);
  const dish = /lasagne|curry|soup|salad|stew|pie|pasta|risotto|burger|cake/.test(base.toLowerCase()) ? "" : ` ${pickFrom(["Curry", "Stew", "Traybake", "Salad"], "recipe-dish", context)}`;
  return capitalise(`${base}${dish}`);
}

const PRODUCTS = ["Blender", "Electric Kettle", "Toaster", "Desk Lamp", "Coffee Grinder", "Bath Towel Set", "Phone Charger"];
const EXPENSES = ["Taxi from the airport", "Hotel, 2 nights", "Dinner with client", "Train ticket", "Conference fee", "Breakfast"];

function productName(key: string, context: ObjectContext): string {
  const text = topic(context);
  const query = [...context.echo.entries()].find(([name, value]) => typeof value === "string" && /query|keyword|search|product|item/.test(name))?.[1] as string | undefined;
  if (query) return `${pickFrom(["Everyday", "Simple", "The Big", "Classic"], key, context)} ${capitalise(query)}`;
  if (/expense|card|trip/.test(text)) return pickFrom(EXPENSES, key, context);
  return pickFrom(PRODUCTS, key, context);
}

// ---------------------------------------------------------------- dates and times

function baseDate(context: ObjectContext): string {
  const given = [...context.echo.values()].find((value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) as string | undefined;
  if (given) return given;
  const month = Math.floor(context.call.random.unit("base-month", context.call.name, context.call.args) * 12) + 1;
  const day = Math.floor(context.call.random.unit("base-day", context.call.name, context.call.args) * 28) + 1;
  return `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function dateFor(key: string, context: ObjectContext): string {
  if (/birth/.test(key)) return `${Math.floor(between(context, 1940, 2000, key))}-${String(Math.floor(between(context, 1, 13, key, "m"))).padStart(2, "0")}-${String(Math.floor(between(context, 1, 29, key, "d"))).padStart(2, "0")}`;
  const base = baseDate(context);
  const given = base !== undefined && [...context.echo.values()].includes(base);
  if (/publish|posted|issued|last|previous|recorded|^date$/.test(key) && !given) return base;
  if (/publish|posted|issued|last|previous|recorded/.test(key)) return addDays(base, -Math.floor(between(context, 0, 3, key)));
  if (/due|renew|new_/.test(key)) return addDays(base, Math.floor(between(context, 14, 22, key)));
  if (/^date$/.test(key)) return base;
  return addDays(base, Math.floor(between(context, 1, 8, key)));
}

function timeFor(key: string, context: ObjectContext): string {
  const given = [...context.echo.entries()].find(([, value]) => typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value));
  if (/end|arrival|finish/.test(key)) {
    const start = (context.produced.start_time ?? context.produced.departure_time ?? given?.[1]) as string | undefined;
    const minutes = quantityMinutes(context) ?? journey(context).minutes;
    if (start) return fromMinutes((toMinutes(start) + minutes) % 1440);
  }
  if (/kickoff|kick_off/.test(key)) return pickFrom(["12:30", "15:00", "17:30", "19:45"], key, context);
  if (given && /depart|start|next|time$/.test(key)) return fromMinutes(Math.min(toMinutes(String(given[1])) + 5 * Math.round(between(context, 1, 12, key)), 23 * 60 + 50));
  if (/ready|pickup/.test(key)) return fromMinutes(10 * 60 + 30 * Math.floor(between(context, 0, 16, key)));
  if (/show|evening|film|movie/.test(`${key} ${topic(context)}`)) return fromMinutes(17 * 60 + 15 * Math.floor(between(context, 0, 17, key)));
  return fromMinutes(8 * 60 + 15 * Math.floor(between(context, 0, 48, key)));
}

function quantityMinutes(context: ObjectContext): number | undefined {
  for (const [key, value] of context.echo) if (typeof value === "number" && /minute|duration/.test(key)) return value;
  return undefined;
}

export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function fromMinutes(total: number): string {
  const minutes = ((Math.round(total) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function monthBefore(date: string, months: number): string {
  const value = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  value.setUTCMonth(value.getUTCMonth() - months);
  return value.toISOString().slice(0, 7);
}
