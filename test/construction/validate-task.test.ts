import { describe, expect, it } from "vitest";
import { validateTask, type TaskUnderValidation } from "../../src/graphs/construction/validate-task.js";
import type { FunctionSpec } from "../../src/schema/function-spec.js";

const searchFlights: FunctionSpec = {
  name: "search_flights",
  description: "Search flights between two cities on a date.",
  parameters: {
    origin: { type: "string", description: "From" },
    destination: { type: "string", description: "To" },
    departure_date: { type: "string", description: "Date" },
  },
  required: ["origin", "destination", "departure_date"],
  responses: { flight_number: { type: "string", description: "Flight" }, fare: { type: "number", description: "Price" } },
};

const bookFlight: FunctionSpec = {
  name: "book_flight",
  description: "Book a seat on a flight.",
  parameters: { flight_number: { type: "string", description: "Flight" }, customer_name: { type: "string", description: "Name" } },
  required: ["flight_number", "customer_name"],
  responses: { booking_reference: { type: "string", description: "Reference" } },
};

function sequentialTask(overrides: Partial<TaskUnderValidation> = {}): TaskUnderValidation {
  return {
    subtasks: [
      { id: "s1", text: "Find flights from Lisbon to Osaka on 2025-03-14.", role: "given", depends_on: [], functions: ["search_flights"] },
      { id: "s2", text: "Book the flight found for Maria Lopez.", role: "subsequent", depends_on: ["s1"], functions: ["book_flight"] },
    ],
    functions: [searchFlights, bookFlight],
    ...overrides,
  };
}

describe("task validation", () => {
  it("passes a well-formed, connected sequential task", () => {
    expect(validateTask(sequentialTask())).toEqual([]);
  });

  it("flags invalid and duplicate function names", () => {
    const problems = validateTask(
      sequentialTask({ functions: [searchFlights, { ...bookFlight, name: "search_flights" }, { ...bookFlight, name: "book flight!" }] }),
    );
    expect(problems).toContain("function name 'search_flights' is defined twice");
    expect(problems.some((problem) => problem.includes("'book flight!' is not a valid identifier"))).toBe(true);
  });

  it("flags a required parameter that is not among the parameters", () => {
    const problems = validateTask(sequentialTask({ functions: [searchFlights, { ...bookFlight, required: ["flight_number", "seat"] }] }));
    expect(problems).toEqual(["function 'book_flight' requires 'seat', which is not among its parameters"]);
  });

  it("flags types that are not JSON-Schema types, also inside arrays, and missing types", () => {
    const broken: FunctionSpec = {
      ...bookFlight,
      parameters: {
        flight_number: { type: "str", description: "Flight" },
        customer_name: { description: "Name" },
        seats: { type: "array", description: "Seats", items: { type: "seat" } },
      },
    };
    const problems = validateTask(sequentialTask({ functions: [searchFlights, broken] }));
    expect(problems.some((problem) => problem.startsWith("book_flight.parameters.flight_number has type \"str\""))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("book_flight.parameters.customer_name has no type"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("book_flight.parameters.seats.items has type \"seat\""))).toBe(true);
  });

  it("flags an action sub-task that no function covers, but accepts a reasoning step without one", () => {
    const uncovered = sequentialTask({
      subtasks: [sequentialTask().subtasks[0]!, { ...sequentialTask().subtasks[1]!, functions: [] }],
      functions: [searchFlights],
    });
    expect(validateTask(uncovered)).toEqual([`sub-task s2 ("Book the flight found for Maria Lopez.") needs a function but none covers it`]);

    const reasoning = sequentialTask({
      subtasks: [sequentialTask().subtasks[0]!, { id: "s2", text: "Compare the fares and pick the cheapest flight.", role: "subsequent", depends_on: ["s1"], functions: [] }],
      functions: [searchFlights],
    });
    expect(validateTask(reasoning)).toEqual([]);
    expect(validateTask({ ...reasoning, kinds: { s2: "action" } })).toHaveLength(1);
  });

  it("flags a sequential pair where no result of the first feeds the second", () => {
    const unconnected = { ...bookFlight, parameters: { trip_code: { type: "string", description: "Trip" } }, required: ["trip_code"] };
    const problems = validateTask(sequentialTask({ functions: [searchFlights, unconnected] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^nothing connects s1 → s2: no result field of search_flights fits a parameter of book_flight/);
  });

  it("accepts a connection by contained name and compatible type (fare → fare_amount)", () => {
    const pay = { ...bookFlight, name: "pay_fare", parameters: { fare_amount: { type: "number", description: "Amount" } }, required: ["fare_amount"] };
    expect(validateTask(sequentialTask({ functions: [searchFlights, pay], subtasks: [sequentialTask().subtasks[0]!, { ...sequentialTask().subtasks[1]!, functions: ["pay_fare"] }] }))).toEqual([]);
  });

  it("flags a function that serves no sub-task and one with no responses", () => {
    const spare = { ...bookFlight, name: "cancel_flight", responses: {} };
    const problems = validateTask(sequentialTask({ functions: [searchFlights, bookFlight, spare] }));
    expect(problems).toContain("function 'cancel_flight' serves no sub-task");
    expect(problems).toContain("function 'cancel_flight' lists no response fields");
  });
});
