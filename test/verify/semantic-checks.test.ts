import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openAIFormat } from "../../src/formats/openai-format.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { answerFitCheck } from "../../src/verify/checks/answer-fit-check.js";
import { argumentCodesCheck, argumentProvenanceCheck } from "../../src/verify/checks/argument-provenance-check.js";
import { entityCheck } from "../../src/verify/checks/entity-check.js";
import { identifierProvenanceCheck } from "../../src/verify/checks/identifier-provenance-check.js";
import { placeholderResultsCheck } from "../../src/verify/checks/placeholder-results-check.js";
import { resultConsistencyCheck } from "../../src/verify/checks/result-consistency-check.js";
import { relativeDates } from "../../src/verify/evidence/date-expressions.js";
import type { TrajectoryCheck } from "../../src/verify/trajectory-check.js";
import { fixturePath } from "../helpers/shared-datasets.js";

const valid = openAIFormat.read(JSON.parse(readFileSync(fixturePath(import.meta.url, "false-records", "valid.jsonl"), "utf8")), { file: "valid.jsonl", line: 1 });

function problems(check: TrajectoryCheck, record: TrajectoryRecord): string[] {
  const found = check.run(record, {});
  if (found === undefined) return [];
  return (Array.isArray(found) ? found : [found]).filter((finding) => finding.ok !== true).map((finding) => finding.detail ?? "");
}

/** A copy of the valid record with one call's arguments (by message index) replaced. */
function withArguments(index: number, args: Record<string, unknown>, record = valid): TrajectoryRecord {
  const copy = structuredClone(record);
  const message = copy.messages[index]!;
  if (message.role !== "assistant" || !message.tool_calls) throw new Error(`message ${index} has no calls`);
  message.tool_calls[0]!.function.arguments = JSON.stringify(args);
  return copy;
}

function withContent(index: number, content: unknown, record = valid): TrajectoryRecord {
  const copy = structuredClone(record);
  copy.messages[index]!.content = typeof content === "string" ? content : JSON.stringify(content);
  return copy;
}

const searchResult = JSON.parse(valid.messages[3]!.content as string) as Record<string, unknown>;
const bookResult = JSON.parse(valid.messages[5]!.content as string) as Record<string, unknown>;

describe("semantic checks pass the valid record", () => {
  it.each([argumentProvenanceCheck, argumentCodesCheck, identifierProvenanceCheck, entityCheck, resultConsistencyCheck, placeholderResultsCheck, answerFitCheck])(
    "$name",
    (check) => expect(problems(check, valid)).toEqual([]),
  );
});

describe("argument-provenance", () => {
  it("accepts 'this Saturday' resolved against the date the user gave, and numbers one step from seen ones", () => {
    expect(relativeDates("this saturday", "2025-06-11")).toContain("2025-06-14");
    expect(problems(argumentProvenanceCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, budget: 190 }))).toEqual([]);
  });

  it("flags a date no visible date resolves to, and a value seen nowhere", () => {
    expect(problems(argumentProvenanceCheck, withArguments(2, { city: "Lisbon", check_in: "2025-06-21" }))).toEqual([
      expect.stringMatching(/^message 2, call 'search_hotels' \(call_1\), argument 'check_in': the date '2025-06-21' is not written/),
    ]);
    expect(problems(argumentProvenanceCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, room: "Ocean suite deluxe" }))).toEqual([
      expect.stringMatching(/argument 'room': 'Ocean suite deluxe' appears nowhere earlier/),
    ]);
  });

  it("judges free text by its content words", () => {
    const seen = withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, note: "Booking Alfama Rooms in Lisbon for Ana Silva, 2 nights" });
    expect(problems(argumentProvenanceCheck, seen)).toEqual([]);
    const unseen = withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, note: "Quarterly revenue forecast spreadsheet attached" });
    expect(problems(argumentProvenanceCheck, unseen)).toEqual([expect.stringMatching(/argument 'note': free text with 5 of 5 content words never seen/)]);
  });

  it("leaves short codes to argument-codes, which only warns", () => {
    const coded = withArguments(2, { city: "Lisbon", check_in: "2025-06-14", currency: "CHF" });
    expect(problems(argumentProvenanceCheck, coded)).toEqual([]);
    expect(problems(argumentCodesCheck, coded)).toEqual([expect.stringMatching(/argument 'currency': 'CHF' appears nowhere earlier/)]);
    expect(argumentCodesCheck.defaultSeverity).toBe("warn");
    expect(problems(argumentCodesCheck, withArguments(2, { city: "Lisbon", check_in: "2025-06-14", currency: "EUR" }, withContent(1, "I'm Ana Silva. Today is 2025-06-11. Find hotels in Lisbon for this Saturday, prices in euros, and book the cheaper one for 2 nights. What will it cost in total?")))).toEqual([]);
  });
});

describe("identifier-provenance", () => {
  it("accepts an id the user gave", () => {
    const given = withContent(1, "I'm Ana Silva, loyalty card LC-448812. Today is 2025-06-11. Find hotels in Lisbon for this Saturday and book the cheaper one for 2 nights.");
    expect(problems(identifierProvenanceCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, loyalty_card: "LC-448812" }, given))).toEqual([]);
  });

  it("flags an id no result returned and the user never gave", () => {
    expect(problems(identifierProvenanceCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, loyalty_card: "LIB-0001" }))).toEqual([
      expect.stringMatching(/argument 'loyalty_card': the identifier 'LIB-0001' was returned by no earlier result/),
    ]);
  });
});

describe("entity-mentioned", () => {
  it("accepts an entity a result returned", () => {
    expect(problems(entityCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Ana Silva", nights: 2, hotel: "Alfama Rooms" }))).toEqual([]);
  });

  it("flags a person the user never mentioned", () => {
    expect(problems(entityCheck, withArguments(4, { hotel_id: "H-7710", guest_name: "Daniel Kim", nights: 2 }))).toEqual([
      expect.stringMatching(/argument 'guest_name': 'Daniel Kim' is an entity the user never mentioned/),
    ]);
  });
});

describe("result-consistency", () => {
  it("accepts an echo in a longer form and a total that is price × nights", () => {
    expect(problems(resultConsistencyCheck, withContent(3, { ...searchResult, city: "Lisbon, Portugal" }))).toEqual([]);
  });

  it("flags a total below price × quantity and an impossible walk", () => {
    expect(problems(resultConsistencyCheck, withContent(5, { ...bookResult, total: 150 }))).toEqual([expect.stringMatching(/the total 150 is less than unit price 95 × quantity 2 = 190/)]);
    expect(problems(resultConsistencyCheck, withContent(5, { ...bookResult, walking_minutes: 9, distance_km: 354.88 }))).toEqual([
      expect.stringMatching(/354.88 km in 9 min .* impossible on foot/),
    ]);
  });
});

describe("placeholder-results", () => {
  it("accepts status words in status fields", () => {
    expect(problems(placeholderResultsCheck, withContent(5, { ...bookResult, status: "confirmed" }))).toEqual([]);
  });

  it("flags canned text and filler made of the field's name", () => {
    expect(problems(placeholderResultsCheck, withContent(5, { ...bookResult, translated_text: "pending translated text for the request" }))).toEqual([
      expect.stringMatching(/field 'translated_text': 'pending translated text for the request' is canned placeholder text/),
    ]);
    expect(problems(placeholderResultsCheck, withContent(5, { ...bookResult, tide_times: ["tide confirmed", "tide available"] }))).toHaveLength(2);
  });
});

describe("answer-fit", () => {
  it("flags picking the dearer hotel when the cheaper was asked for", () => {
    const wrong = withContent(6, "I booked Casa Azul for 2 nights; so the cheaper one is Casa Azul.");
    expect(problems(answerFitCheck, wrong)).toEqual([expect.stringMatching(/asked for the cheaper and the answer picks 'Casa Azul' .* results make 'Alfama Rooms' the cheaper/)]);
  });

  it("flags an average that is not stated", () => {
    const asked = withContent(1, "I'm Ana Silva. Today is 2025-06-11. Find hotels in Lisbon for this Saturday and tell me the average price per night.");
    const vague = withContent(6, "The average was worked out from the results above.", asked);
    expect(problems(answerFitCheck, vague)).toEqual([expect.stringMatching(/asked for the average but the answer states none/)]);
    expect(problems(answerFitCheck, withContent(6, "The average price per night is 107.5.", asked))).toEqual([]);
  });
});
