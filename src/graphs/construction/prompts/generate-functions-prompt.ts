import type { Subtask } from "../../../schema/task.js";
import { feedbackSection, type StageFeedback } from "./feedback-section.js";

export const GENERATE_FUNCTIONS_SYSTEM = [
  "You design the software functions an assistant would call to carry out a task: clean, general APIs of the kind a",
  "real service would offer. Answer by calling the tool you are given.",
].join("\n");

/** A worked example with a list result that feeds the next function (`hotels[].hotel_id` → `hotel_id`). */
export const GENERATE_FUNCTIONS_EXAMPLE = JSON.stringify({
  functions: [
    {
      name: "search_hotels",
      description: "Search hotels in a city with rooms free for the given nights.",
      parameters: {
        city: { type: "string", description: "City name" },
        check_in: { type: "string", description: "Arrival date, YYYY-MM-DD" },
        nights: { type: "integer", description: "Number of nights" },
      },
      required: ["city", "check_in", "nights"],
      responses: {
        hotels: {
          type: "array",
          description: "Matching hotels, cheapest first",
          items: {
            type: "object",
            properties: {
              hotel_id: { type: "string", description: "Hotel identifier" },
              name: { type: "string", description: "Hotel name" },
              price_per_night: { type: "number", description: "Price per night in EUR" },
            },
          },
        },
      },
    },
    {
      name: "book_hotel",
      description: "Book a room in a hotel.",
      parameters: {
        hotel_id: { type: "string", description: "Hotel identifier" },
        guest_name: { type: "string", description: "Full name of the guest" },
        check_in: { type: "string", description: "Arrival date, YYYY-MM-DD" },
        nights: { type: "integer", description: "Number of nights" },
      },
      required: ["hotel_id", "guest_name", "check_in", "nights"],
      responses: { booking_id: { type: "string", description: "Booking reference" }, total_price: { type: "number", description: "Total in EUR" } },
    },
  ],
  subtasks: [
    { id: "s1", kind: "action", functions: ["search_hotels"] },
    { id: "s2", kind: "logic", functions: [] },
    { id: "s3", kind: "action", functions: ["book_hotel"] },
  ],
});

export function generateFunctionsPrompt(task: string, subtasks: Subtask[], feedback?: StageFeedback): string {
  return [
    "Define the functions needed for the sub-tasks below. Rules:",
    "- For each sub-task give its kind: \"action\" (needs data or an effect from a system: one or more functions) or",
    "  \"logic\" (pure reasoning, comparison or arithmetic the assistant does itself: no function).",
    "- General: a function must be useful beyond this task (e.g. search_flights, not find_flight_to_paris_in_may).",
    "- Granular: one function does one thing.",
    "- Consistent: when a sub-task depends on another, a result field of the earlier function feeds a parameter of the",
    "  later one; give them the same name and type.",
    "- Lists and nested results: a search may return a list of records. Declare it as {\"type\": \"array\", \"items\":",
    "  {\"type\": \"object\", \"properties\": {…}}}, and name the item field that feeds a later function exactly like that",
    "  function's parameter (hotels[].hotel_id feeds hotel_id). Nested objects use {\"type\": \"object\", \"properties\": {…}}.",
    "- Names are snake_case identifiers. `parameters` and `responses` map field names to {type, description}; types are",
    "  JSON-Schema types (string, number, integer, boolean, array, object). `required` lists parameter names.",
    "- `responses` lists the fields the function returns (at least one).",
    "Worked example, for \"find a hotel in Porto for 2 nights from 2025-06-14, pick the cheapest, book it for Ana Silva\":",
    GENERATE_FUNCTIONS_EXAMPLE,
    ...feedbackSection(feedback),
    "<composite_task>",
    task,
    "</composite_task>",
    "<subtasks>",
    JSON.stringify(subtasks.map(({ id, text, depends_on }) => ({ id, depends_on, text }))),
    "</subtasks>",
  ].join("\n");
}
