import type { SeededRandom } from "../../../../util/seeded-random.js";
import { FIELDS, type ValueKind } from "./fields.js";

/** Concrete values the simulator writes into tasks, so a request carries everything a call needs. */
const POOLS: Partial<Record<ValueKind, readonly string[]>> = {
  city: ["Lisbon", "Toronto", "Osaka", "Nairobi", "Denver", "Krakow", "Melbourne", "Seville", "Vancouver", "Edinburgh", "Lyon", "Porto", "Austin", "Busan"],
  person: [
    "Maria Lopez", "James Carter", "Aiko Tanaka", "Priya Nair", "Tom Becker", "Lena Novak", "Omar Haddad", "Sofia Rossi",
    "Daniel Kim", "Amara Okafor", "Lucas Moreau", "Elena Petrova", "Hannah Schmidt", "Diego Alvarez", "Mei Chen", "Noah Williams",
  ],
  currency: ["USD", "EUR", "JPY", "GBP", "CAD", "AUD"],
  cuisine: ["Italian", "Thai", "Mexican", "Japanese", "Indian", "Greek"],
  ingredient: ["chickpeas", "salmon", "mushrooms", "chicken thighs", "tofu", "sweet potatoes"],
  symbol: ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "SAP"],
  company: ["Apple", "Microsoft", "Nvidia", "Siemens", "Toyota", "Nestle"],
  genre: ["comedy", "science fiction", "thriller", "animated", "documentary", "drama"],
  title: ["The Quiet Harbor", "Northern Lights", "Small Engines", "Field Notes", "Paper Moons", "Harbor Lights"],
  product: ["wireless headphones", "a standing desk", "trail running shoes", "an espresso machine", "a 4K monitor", "a camping tent"],
  specialty: ["dermatology", "cardiology", "pediatrics", "physiotherapy", "orthopedics", "dentistry"],
  language: ["Spanish", "French", "Japanese", "German", "Portuguese"],
  topic: ["technology", "science", "sports", "business", "health"],
  country: ["Canada", "Japan", "Brazil", "Germany", "Kenya", "Australia"],
  activity: ["cycling", "swimming", "running", "rowing", "yoga"],
  event: ["Quarterly Budget Review", "Project Kickoff", "Design Sync", "Team Retrospective", "Hiring Panel", "Client Demo", "Roadmap Review", "Volunteer Briefing"],
  time: ["09:00", "10:30", "13:15", "15:45", "18:00", "19:30"],
};

/** A value for `field`, chosen from the key so that the same task always gets the same values. */
export function valueFor(field: string, random: SeededRandom, ...key: unknown[]): string | number {
  const spec = FIELDS[field];
  const kind = spec?.kind ?? "text";
  const pick = <T>(items: readonly T[]) => random.pick(items, "value", field, ...key);
  const pool = POOLS[kind];
  if (pool) return pick(pool);
  switch (kind) {
    case "date": {
      const month = random.integer(1, 12, "month", field, ...key);
      const day = random.integer(1, 28, "day", field, ...key);
      return `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    }
    case "email":
      return `${pick(["maria.lopez", "j.carter", "aiko.t", "priya.nair", "tom.becker", "lena.n", "d.kim", "amara.o", "l.moreau", "mei.chen"])}@example.com`;
    case "amount":
      return field === "loan_amount" ? random.integer(5, 60, "amount", field, ...key) * 5000 : random.integer(20, 900, "amount", field, ...key);
    case "percent":
      return random.integer(2, 9, "percent", field, ...key) + (random.unit("percent-half", field, ...key) < 0.5 ? 0 : 0.5);
    case "count":
      return field === "loan_term_months" ? pick([120, 180, 240, 360]) : random.integer(2, 6, "count", field, ...key);
    case "nights":
      return random.integer(2, 7, "nights", field, ...key);
    case "minutes":
      return pick([15, 30, 45, 60, 90]);
    case "year":
      return random.integer(1995, 2023, "year", field, ...key);
    case "weight":
      return random.integer(52, 104, "weight", field, ...key);
    case "height":
      return random.integer(152, 196, "height", field, ...key);
    case "id":
      return `${field.replace(/_?(id|number|reference)$/, "").slice(0, 3).toUpperCase() || "ID"}-${random.integer(1000, 9999, "id", field, ...key)}`;
    default:
      return `${field.replace(/_/g, " ")} ${random.integer(1, 99, "text", field, ...key)}`;
  }
}

/** Values that must differ in one request (a trip from a city to itself, a currency into itself). */
export function reconcileValues(values: Record<string, string | number>): Record<string, string | number> {
  const pairs: Array<[string, string, readonly string[]]> = [
    ["origin", "destination", POOLS.city!],
    ["currency", "target_currency", POOLS.currency!],
  ];
  for (const [first, second, pool] of pairs) {
    if (values[first] !== undefined && values[first] === values[second]) {
      values[second] = pool[(pool.indexOf(String(values[first])) + 1) % pool.length]!;
    }
  }
  return values;
}
