import type { PropertySpec } from "../../schema/function-spec.js";
import { normaliseType } from "../../tools/json-type.js";
import { SeededRandom } from "../../util/seeded-random.js";

/**
 * Plausible values for a field, chosen from its name and type. Used by the simulated tool
 * agent for results and by the simulated assistant when a request lacks a value.
 */
const PEOPLE = ["Maria Lopez", "James Carter", "Aiko Tanaka", "Priya Nair", "Tom Becker", "Lena Novak", "Omar Haddad"];
const CITIES = ["Lisbon", "Toronto", "Osaka", "Nairobi", "Denver", "Krakow", "Melbourne"];
const WORDS = ["standard", "premium", "available", "confirmed", "active", "pending", "express"];
const TITLES = ["The Quiet Harbor", "Northern Lights", "A Year of Bread", "Small Engines", "Field Notes"];
const STREETS = ["12 Elm Street", "48 Harbour Road", "7 Kings Avenue", "230 Pine Lane"];
const STATUSES = ["confirmed", "completed", "available", "in_stock", "scheduled", "approved"];
const CONDITIONS = ["sunny", "partly cloudy", "light rain", "overcast", "clear"];

export function fakeValue(name: string, spec: PropertySpec, random: SeededRandom, ...context: unknown[]): unknown {
  const key = name.toLowerCase();
  const type = normaliseType(spec.type);
  if (Array.isArray(spec.enum) && spec.enum.length > 0) return random.pick(spec.enum, key, ...context);
  switch (type) {
    case "boolean":
      return random.unit(key, ...context) < 0.7;
    case "integer":
      return fakeInteger(key, random, context);
    case "number":
      return fakeNumber(key, random, context);
    case "array": {
      const items = (spec.items as PropertySpec | undefined) ?? { type: "string" };
      const singular = key.endsWith("s") ? key.slice(0, -1) : `${key}_item`;
      return [0, 1].map((index) => fakeValue(singular, items, random, ...context, index));
    }
    case "object": {
      const properties = (spec.properties as Record<string, PropertySpec> | undefined) ?? {};
      const entries = Object.entries(properties).map(([field, fieldSpec]) => [
        field,
        fakeValue(field, fieldSpec, random, ...context, key),
      ]);
      return Object.fromEntries(entries);
    }
    default:
      return fakeString(key, random, context);
  }
}

/** Whether a value already has the type a field declares (so it can be reused as is). */
export function fitsType(value: unknown, spec: PropertySpec): boolean {
  switch (normaliseType(spec.type)) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return typeof value === "string";
  }
}

function fakeInteger(key: string, random: SeededRandom, context: unknown[]): number {
  if (/year/.test(key)) return random.integer(1990, 2025, key, ...context);
  if (/(count|number|quantity|total|seats|stock|available)/.test(key)) return random.integer(1, 40, key, ...context);
  if (/(age)/.test(key)) return random.integer(18, 80, key, ...context);
  if (/(minute|duration)/.test(key)) return random.integer(5, 180, key, ...context);
  if (/(days|interval)/.test(key)) return random.integer(2, 14, key, ...context);
  if (/(aqi)/.test(key)) return random.integer(10, 180, key, ...context);
  if (/(accident|owner)/.test(key)) return random.integer(0, 3, key, ...context);
  if (/(population)/.test(key)) return random.integer(200_000, 5_000_000, key, ...context);
  if (/(calorie)/.test(key)) return random.integer(300, 2400, key, ...context);
  return random.integer(1, 500, key, ...context);
}

function fakeNumber(key: string, random: SeededRandom, context: unknown[]): number {
  const round = (value: number) => Math.round(value * 100) / 100;
  if (/(price|cost|amount|fee|total|balance|salary)/.test(key)) return round(5 + random.unit(key, ...context) * 495);
  if (/(temp)/.test(key)) return round(-5 + random.unit(key, ...context) * 35);
  if (/(rating|score)/.test(key)) return round(1 + random.unit(key, ...context) * 4);
  if (/(rate|percent|ratio|probability)/.test(key)) return round(random.unit(key, ...context));
  if (/(lat)/.test(key)) return round(-60 + random.unit(key, ...context) * 120);
  if (/(lon|lng)/.test(key)) return round(-170 + random.unit(key, ...context) * 340);
  if (/(distance|km|mile)/.test(key)) return round(1 + random.unit(key, ...context) * 800);
  return round(random.unit(key, ...context) * 1000);
}

function fakeString(key: string, random: SeededRandom, context: unknown[]): string {
  if (/(^|_)(id|code|number|reference|confirmation)$/.test(key) || /_id$/.test(key)) {
    return `${key.replace(/_?(id|code|number)$/, "").slice(0, 3).toUpperCase() || "ID"}-${random.integer(1000, 9999, key, ...context)}`;
  }
  if (/email/.test(key)) return `${random.pick(["maria", "james", "aiko", "priya"], key, ...context)}@example.com`;
  if (/(phone)/.test(key)) return `+1-555-${random.integer(1000, 9999, key, ...context)}`;
  if (/(date|day|deadline|birth)/.test(key)) {
    const year = /birth/.test(key) ? random.integer(1940, 1999, key, ...context) : 2025;
    const month = String(random.integer(1, 12, key, ...context)).padStart(2, "0");
    const day = String(random.integer(1, 28, key, "day", ...context)).padStart(2, "0");
    return `${year}-${month}-${day}`;
  }
  if (/time/.test(key)) {
    return `${String(random.integer(7, 21, key, ...context)).padStart(2, "0")}:${random.pick(["00", "15", "30", "45"], key, ...context)}`;
  }
  if (/(url|link|website)/.test(key)) return `https://example.com/${random.token(6, key, ...context).toLowerCase()}`;
  if (/(station)/.test(key)) return `${random.pick(CITIES, key, ...context)} Central Station`;
  if (/(city|location|destination|origin|place)/.test(key)) return random.pick(CITIES, key, ...context);
  if (/(address|street)/.test(key)) return random.pick(STREETS, key, ...context);
  if (/(hotel|restaurant|cinema|venue|store|shop|company|cafe)/.test(key)) {
    return `${random.pick(["Harbor", "Maple", "Grand", "Riverside", "Central", "Sakura"], key, ...context)} ${random.pick(["Hotel", "House", "Plaza", "Corner"], key, "kind", ...context)}`;
  }
  if (/(author|name|person|owner|contact|driver|doctor|guest|artist|director)/.test(key)) return random.pick(PEOPLE, key, ...context);
  if (/(title|book|movie|song|album)/.test(key)) return random.pick(TITLES, key, ...context);
  if (/(status|state)/.test(key)) return random.pick(STATUSES, key, ...context);
  if (/(weather|condition|forecast)/.test(key)) return random.pick(CONDITIONS, key, ...context);
  if (/(currency)/.test(key)) return random.pick(["USD", "EUR", "JPY", "GBP"], key, ...context);
  if (/(language)/.test(key)) return random.pick(["English", "Spanish", "Japanese", "French"], key, ...context);
  if (/(description|summary|message|text|note|content|details|result|answer)/.test(key)) {
    return `${random.pick(WORDS, key, ...context)} ${key.replace(/_/g, " ")} for the request`;
  }
  return `${key.replace(/_/g, " ")} ${random.pick(WORDS, key, ...context)}`;
}
