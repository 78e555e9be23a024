import { describe, expect, it } from "vitest";
import { synthesiseResult } from "../../src/models/sim/skills/result-synthesis.js";
import { SeededRandom } from "../../src/util/seeded-random.js";

/** Results the offline tool agent returns for calls of fresh tasks (bench/fixtures/token-tasks.jsonl). */
describe("the simulated tool's results", () => {
  it("asks each person for their share of a split, never more than the total", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = synthesiseResult(
        { name: "request_bill_split", description: "Ask a contact to pay a share of an amount.", args: { contact_name: "Ines Duarte", total: 143.85 }, random: new SeededRandom(seed) },
        { request_id: { type: "string" }, share_amount: { type: "number", description: "What the contact is asked to pay." } },
      );
      expect(result.share_amount).toBe(71.93);
    }
    const threeWays = synthesiseResult(
      { name: "split_bill", description: "Split a bill.", args: { total: 90, shares: 3 }, random: new SeededRandom(1) },
      { amount_per_person: { type: "number" } },
    );
    expect(threeWays.amount_per_person).toBe(30);
  });

  it("lists departures earliest first, as the list's description says", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const result = synthesiseResult(
        { name: "search_rail_connections", description: "List train connections between two cities on a date.", args: { origin: "Berlin", destination: "Hamburg", date: "2025-07-08" }, random: new SeededRandom(seed) },
        {
          connections: {
            type: "array",
            description: "Trains, earliest first.",
            items: { type: "object", properties: { train_id: { type: "string" }, departs: { type: "string", description: "Departure time, HH:MM." } } },
          },
        },
      );
      const times = (result.connections as Array<{ departs: string }>).map((train) => train.departs);
      expect(times).toEqual([...times].sort());
    }
  });

  it("gives a seat a seat number and a coach a coach number", () => {
    const result = synthesiseResult(
      { name: "reserve_train_seat", description: "Reserve a seat on a train for a passenger.", args: { train_id: "TRA-1", passenger_name: "Ruth Okafor" }, random: new SeededRandom(3) },
      { reservation_id: { type: "string" }, coach: { type: "string", description: "Coach number." }, seat: { type: "string", description: "Seat number." } },
    );
    expect(result.seat).toMatch(/^\d{1,2}[A-D]$/);
    expect(result.coach).toMatch(/^\d{1,2}$/);
  });
});
