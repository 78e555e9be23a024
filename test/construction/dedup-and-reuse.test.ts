import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { FunctionRegistry } from "../../src/graphs/construction/function-registry.js";
import { dedupByText } from "../../src/graphs/construction/scenario-dedup.js";
import { contentWords } from "../../src/graphs/construction/text-similarity.js";
import type { FunctionSpec } from "../../src/schema/function-spec.js";

/** Precision and recall of "this item duplicates an earlier one" decisions against known groups. */
function score(decisions: Array<{ group: string; earlierInGroup: boolean; mergedInto?: string }>) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const decision of decisions) {
    if (decision.mergedInto !== undefined) {
      if (decision.mergedInto === decision.group && decision.earlierInGroup) truePositives++;
      else falsePositives++;
    } else if (decision.earlierInGroup) falseNegatives++;
  }
  return {
    precision: truePositives / Math.max(1, truePositives + falsePositives),
    recall: truePositives / Math.max(1, truePositives + falseNegatives),
    truePositives,
    falsePositives,
    falseNegatives,
  };
}

// Groups of scenarios that mean the same (as a model writes them twice), then unrelated ones.
const SCENARIO_GROUPS: Record<string, string[]> = {
  trip: ["Planning a weekend trip with friends", "Planning a weekend trip with my friends", "Weekend trip planning with friends", "Planning weekend trips with friends"],
  dinner: ["Cooking a healthy dinner for the family", "Cooking healthy dinners for the family", "Cooking a healthy family dinner"],
  expenses: ["Managing monthly household expenses", "Managing the monthly household expenses", "Monthly household expense management"],
  doctor: ["Scheduling a doctor's appointment for a checkup", "Scheduling a checkup appointment with a doctor", "Booking a doctor appointment for a checkup"],
  laptop: ["Buying a new laptop for university", "Buying a laptop for university studies", "Shopping for a new university laptop"],
  party: ["Organizing a birthday party for a child", "Organizing a child's birthday party", "Planning a birthday party for a child"],
  apartment: ["Looking for an apartment to rent in the city", "Searching for an apartment to rent in the city", "Renting an apartment in the city"],
  guitar: ["Learning to play the guitar at home", "Learning guitar at home", "Practicing guitar at home"],
  // Paraphrases with no words in common: a lexical method should miss these, embeddings may not.
  move: ["Moving house to another town", "Relocating to a different city"],
};
const SINGLE_SCENARIOS = [
  "Tracking daily steps and workouts", "Preparing for a job interview", "Renewing a passport before traveling", "Adopting a rescue dog",
  "Filing annual income taxes", "Finding a plumber for a leaking sink", "Following local election news", "Booking tickets for a concert",
  "Translating a letter for a relative", "Comparing car insurance quotes", "Repairing a flat bicycle tire", "Planting a vegetable garden",
  "Choosing a gift for a colleague", "Reading reviews of new restaurants", "Learning a new language online", "Hosting a dinner party for neighbors",
  "Checking the weather before a hike", "Planning a retirement savings strategy",
];

/** Interleave so duplicates arrive later in the stream, as they do from many seeds. */
function scenarioStream(): Array<{ text: string; group: string }> {
  const items: Array<{ text: string; group: string }> = [];
  const groups = Object.entries(SCENARIO_GROUPS);
  const longest = Math.max(...groups.map(([, texts]) => texts.length));
  for (let round = 0; round < longest; round++) {
    for (const [group, texts] of groups) if (texts[round]) items.push({ text: texts[round]!, group });
    for (const text of SINGLE_SCENARIOS.slice(round * 5, round * 5 + 5)) items.push({ text, group: `single:${text}` });
  }
  return items;
}

async function measureScenarioDedup(options: Parameters<typeof dedupByText>[3]) {
  const items = scenarioStream();
  const result = await dedupByText(items, (item) => item.text, [], options);
  const groupOf = new Map(items.map((item) => [item.text, item.group]));
  const seenGroups = new Set<string>();
  const decisions = items.map((item) => {
    const removed = result.removed.find((entry) => entry.item === item);
    const decision = { group: item.group, earlierInGroup: seenGroups.has(item.group), mergedInto: removed ? groupOf.get(removed.duplicateOf) : undefined };
    seenGroups.add(item.group);
    return decision;
  });
  return { ...score(decisions), kept: result.kept.length, total: items.length };
}

/** A stand-in embedding model: hashed bag of content words plus a few synonyms, enough to exercise the cosine path. */
class BagOfWordsEmbeddings implements EmbeddingsInterface {
  private static readonly synonyms: Record<string, string> = { relocat: "mov", town: "city", different: "another", house: "home" };
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    const vector = new Array<number>(64).fill(0);
    for (const word of contentWords(text)) {
      const key = Object.entries(BagOfWordsEmbeddings.synonyms).find(([prefix]) => word.startsWith(prefix))?.[1] ?? word.slice(0, 5);
      let hash = 0;
      for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      vector[hash % 64]! += 1;
    }
    return vector;
  }
}

describe("scenario deduplication on a crafted set with known duplicates", () => {
  it("MinHash (offline) removes near-duplicates with high precision", async () => {
    const measured = await measureScenarioDedup({});
    console.log(
      `scenario dedup (MinHash, threshold 0.5): precision ${measured.precision.toFixed(2)}, recall ${measured.recall.toFixed(2)} ` +
        `(TP ${measured.truePositives}, FP ${measured.falsePositives}, FN ${measured.falseNegatives}; kept ${measured.kept}/${measured.total})`,
    );
    expect(measured.precision).toBeGreaterThanOrEqual(0.9);
    expect(measured.recall).toBeGreaterThanOrEqual(0.7);
  });

  it("a stricter threshold trades recall for precision", async () => {
    const strict = await measureScenarioDedup({ threshold: 0.9 });
    const loose = await measureScenarioDedup({ threshold: 0.5 });
    expect(strict.recall).toBeLessThan(loose.recall);
    expect(strict.falsePositives).toBeLessThanOrEqual(loose.falsePositives);
  });

  it("uses embedding cosine when an embedding model is configured", async () => {
    const measured = await measureScenarioDedup({ embeddings: new BagOfWordsEmbeddings(), threshold: 0.7 });
    console.log(
      `scenario dedup (embeddings cosine, threshold 0.7): precision ${measured.precision.toFixed(2)}, recall ${measured.recall.toFixed(2)} ` +
        `(TP ${measured.truePositives}, FP ${measured.falsePositives}, FN ${measured.falseNegatives})`,
    );
    expect(measured.precision).toBeGreaterThanOrEqual(0.8);
    expect(measured.recall).toBeGreaterThanOrEqual(0.7);
  });
});

const field = (description: string, type = "string") => ({ type, description });
function spec(name: string, description: string, parameters: string[], responses: string[]): FunctionSpec {
  return {
    name,
    description,
    parameters: Object.fromEntries(parameters.map((parameter) => [parameter, field(parameter.replace(/_/g, " "))])),
    required: parameters.slice(0, 1),
    responses: Object.fromEntries(responses.map((response) => [response, field(response.replace(/_/g, " "))])),
  };
}

// [group, spec]: same group = same purpose. Hard negatives share words but not purpose.
const FUNCTIONS: Array<[string, FunctionSpec]> = [
  ["weather", spec("get_weather", "Get the current weather for a city", ["city"], ["temperature", "condition"])],
  ["flights", spec("search_flights", "Search flights between two cities on a date", ["origin", "destination", "date"], ["flight_number", "price"])],
  ["stock", spec("get_stock_price", "Get the latest price of a stock", ["symbol"], ["price", "currency"])],
  ["email", spec("send_email", "Send an email to a recipient", ["recipient", "subject", "body"], ["message_id", "status"])],
  ["hotels", spec("search_hotels", "Search hotels in a city for given dates", ["city", "check_in", "check_out"], ["hotel_id", "price"])],
  ["weather", spec("fetch_weather", "Fetch the current weather in a city", ["city", "units"], ["temperature", "condition"])],
  ["crypto", spec("get_crypto_price", "Get the latest price of a cryptocurrency", ["symbol"], ["price", "currency"])],
  ["flights", spec("find_flights", "Find flights from an origin to a destination", ["origin", "destination", "departure_date"], ["flight_number", "fare"])],
  ["book-hotel", spec("book_hotel", "Book a hotel room", ["hotel_id", "guest_name"], ["booking_id", "status"])],
  ["email", spec("send_email_message", "Send an email message", ["recipient", "subject", "body", "cc"], ["message_id", "status"])],
  ["book-flight", spec("book_flight", "Book a seat on a flight", ["flight_number", "passenger_name"], ["booking_id", "status"])],
  ["stock", spec("fetch_stock_price", "Fetch the current share price", ["symbol"], ["price", "currency", "change"])],
  ["weather", spec("get_current_weather", "Current weather conditions for a location", ["city"], ["temperature", "description"])],
  ["hotels", spec("find_hotels", "Find available hotels in a city", ["city", "check_in", "check_out", "guests"], ["hotel_id", "name", "price"])],
  ["recipes", spec("search_recipes", "Search recipes by ingredient", ["ingredients"], ["recipes"])],
  ["convert", spec("convert_currency", "Convert an amount between currencies", ["amount", "from_currency", "to_currency"], ["converted_amount"])],
  ["convert", spec("currency_converter", "Convert money from one currency to another", ["amount", "from_currency", "to_currency"], ["result"])],
  ["forecast", spec("get_weather_forecast", "Weather forecast for the next days", ["city", "days"], ["forecast"])],
  ["recipes", spec("find_recipes", "Find recipes that use the given ingredients", ["ingredients", "diet"], ["recipes"])],
  ["translate", spec("translate_text", "Translate text into a language", ["text", "target_language"], ["translated_text"])],
];

describe("function reuse on a crafted set with known near-duplicates", () => {
  it("merges functions with the same purpose into the first spec and keeps look-alikes apart", () => {
    const registry = new FunctionRegistry();
    const groupByName = new Map(FUNCTIONS.map(([group, candidate]) => [candidate.name, group]));
    const seenGroups = new Set<string>();
    const decisions = FUNCTIONS.map(([group, candidate]) => {
      const resolution = registry.resolve(candidate);
      const decision = {
        group,
        earlierInGroup: seenGroups.has(group),
        mergedInto: resolution.reused ? groupByName.get(resolution.spec.name) : undefined,
      };
      seenGroups.add(group);
      return decision;
    });
    const measured = score(decisions);
    console.log(
      `function reuse (threshold ${registry.threshold}): precision ${measured.precision.toFixed(2)}, recall ${measured.recall.toFixed(2)} ` +
        `(TP ${measured.truePositives}, FP ${measured.falsePositives}, FN ${measured.falseNegatives}; ${registry.size} specs kept of ${FUNCTIONS.length})`,
    );
    expect(measured.precision).toBeGreaterThanOrEqual(0.85);
    expect(measured.recall).toBeGreaterThanOrEqual(0.6);
    // The look-alike with a different object is never merged into the stock quote.
    expect(decisions[6]!.mergedInto).toBeUndefined();
  });

  it("reuses the known spec itself, so a merged task carries the registry's name and fields", () => {
    const registry = new FunctionRegistry([FUNCTIONS[0]![1]]);
    const resolution = registry.resolve(FUNCTIONS[5]![1]);
    expect(resolution).toMatchObject({ reused: true, spec: { name: "get_weather" } });
    expect(registry.size).toBe(1);
  });
});
