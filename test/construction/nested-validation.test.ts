import { describe, expect, it } from "vitest";
import { connections, resultPaths, validateTask } from "../../src/graphs/construction/validate-task.js";
import { fromOpenAITool, parseFunctionSpec, toOpenAITool, type FunctionSpec } from "../../src/schema/function-spec.js";
import { resultProblems } from "../../src/tools/json-schema.js";

const searchHotels: FunctionSpec = {
  name: "search_hotels",
  description: "Search hotels in a city.",
  parameters: { city: { type: "string", description: "City" }, check_in: { type: "string", description: "Date" } },
  required: ["city", "check_in"],
  responses: {
    hotels: {
      type: "array",
      description: "Matching hotels",
      items: {
        type: "object",
        properties: {
          hotel_id: { type: "string", description: "Hotel identifier" },
          name: { type: "string", description: "Name" },
          price: { type: "object", description: "Price", properties: { amount: { type: "number", description: "Amount" }, currency: { type: "string", description: "ISO code" } } },
        },
      },
    },
  },
};

const bookHotel: FunctionSpec = {
  name: "book_hotel",
  description: "Book a room.",
  parameters: { hotel_id: { type: "string", description: "Hotel identifier" }, guest_name: { type: "string", description: "Guest" } },
  required: ["hotel_id", "guest_name"],
  responses: { booking_id: { type: "string", description: "Reference" } },
};

const task = (functions: FunctionSpec[]) => ({
  subtasks: [
    { id: "s1", text: "Find hotels in Porto for 2025-06-14.", role: "given", depends_on: [], functions: [functions[0]!.name] },
    { id: "s2", text: "Book the first hotel found for Ana Silva.", role: "subsequent", depends_on: ["s1"], functions: [functions[1]!.name] },
  ],
  functions,
});

describe("validation follows data through nested and list results", () => {
  it("lists every result path, into lists of objects and nested objects", () => {
    expect(resultPaths(searchHotels.responses).map(([path]) => path)).toEqual([
      "hotels",
      "hotels[].hotel_id",
      "hotels[].name",
      "hotels[].price",
      "hotels[].price.amount",
      "hotels[].price.currency",
    ]);
  });

  it("hotels[].hotel_id feeds hotel_id: the realistic search → book task passes", () => {
    expect(connections(searchHotels, bookHotel)).toContainEqual(["hotels[].hotel_id", "hotel_id"]);
    expect(validateTask(task([searchHotels, bookHotel]))).toEqual([]);
  });

  it("a nested field of an object result feeds a parameter too", () => {
    const convert: FunctionSpec = { ...bookHotel, name: "convert_amount", parameters: { amount: { type: "number", description: "Amount" } }, required: ["amount"] };
    expect(connections(searchHotels, convert)).toEqual([["hotels[].price.amount", "amount"]]);
  });

  it("still rejects a dependency that no result field, however deep, can carry", () => {
    const unrelated: FunctionSpec = { ...bookHotel, parameters: { reservation_code: { type: "string", description: "Code" } }, required: ["reservation_code"] };
    const problems = validateTask(task([searchHotels, unrelated]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("nothing connects s1 → s2");
  });

  it("checks the types inside nested results", () => {
    const broken: FunctionSpec = { ...searchHotels, responses: { hotels: { type: "array", description: "x", items: { type: "object", properties: { hotel_id: { type: "identifier" } } } } } };
    expect(validateTask(task([broken, bookHotel])).join("\n")).toContain("search_hotels.responses.hotels.items.hotel_id");
  });

  it("arrays of objects in responses survive parsing and the OpenAI round trip unchanged", () => {
    const parsed = parseFunctionSpec(JSON.parse(JSON.stringify(searchHotels)));
    expect(parsed).toEqual(searchHotels);
    expect(fromOpenAITool(toOpenAITool(parsed, { includeResponses: true }))).toEqual(searchHotels);
    expect(resultProblems(parsed, { hotels: [{ hotel_id: "h-1", name: "Infante", price: { amount: 120, currency: "EUR" } }] })).toEqual([]);
    expect(resultProblems(parsed, { hotels: [{ hotel_id: 7, name: "Infante", price: { amount: "cheap", currency: "EUR" } }] }).length).toBeGreaterThan(0);
  });
});
