import { parseTask, type TaskRecord } from "../../src/schema/task.js";

/** Hand-written composite tasks for the negative-variant tests (no simulator rule was tuned on them). */
export function weatherThenPackingTask(): TaskRecord {
  return parseTask({
    id: "t-trip",
    scenario: "Preparing for a weekend trip",
    strategy: "sequential",
    task: "Check the weather forecast for Lisbon on 2025-06-14, then suggest clothes to pack for that forecast.",
    subtasks: [
      { id: "s1", text: "Check the weather forecast for Lisbon on 2025-06-14.", role: "given", depends_on: [], functions: ["get_forecast"] },
      { id: "s2", text: "Suggest clothes to pack for the forecast found.", role: "subsequent", depends_on: ["s1"], functions: ["suggest_outfit"] },
    ],
    functions: [
      {
        name: "get_forecast",
        description: "Get the weather forecast for a city on a date.",
        parameters: { city: { type: "string", description: "City name" }, date: { type: "string", description: "Date (YYYY-MM-DD)" } },
        required: ["city", "date"],
        responses: { condition: { type: "string", description: "Weather condition" }, temperature_c: { type: "number", description: "Temperature" } },
      },
      {
        name: "suggest_outfit",
        description: "Suggest clothes for a weather condition and temperature.",
        parameters: { condition: { type: "string", description: "Weather condition" }, temperature_c: { type: "number", description: "Temperature" } },
        required: ["condition", "temperature_c"],
        responses: { items: { type: "array", description: "Clothes to pack", items: { type: "string" } } },
      },
    ],
  });
}

export function invoiceTask(): TaskRecord {
  return parseTask({
    id: "t-invoice",
    scenario: "Settling a supplier bill",
    strategy: "sequential",
    task: "Look up invoice \"INV-20931\" for my bakery supplier, then pay the invoice found from account ACC-1188.",
    subtasks: [
      { id: "s1", text: "Look up invoice \"INV-20931\".", role: "given", depends_on: [], functions: ["get_invoice"] },
      { id: "s2", text: "Pay the invoice found from account ACC-1188.", role: "subsequent", depends_on: ["s1"], functions: ["pay_invoice"] },
    ],
    functions: [
      {
        name: "get_invoice",
        description: "Retrieve an invoice by its number.",
        parameters: { invoice_number: { type: "string", description: "Invoice number" } },
        required: ["invoice_number"],
        responses: { invoice_id: { type: "string", description: "Invoice id" }, amount_due: { type: "number", description: "Amount due" } },
      },
      {
        name: "pay_invoice",
        description: "Pay an invoice from a bank account.",
        parameters: { invoice_id: { type: "string", description: "Invoice id" }, account_id: { type: "string", description: "Account id" } },
        required: ["invoice_id", "account_id"],
        responses: { payment_id: { type: "string", description: "Payment id" }, status: { type: "string", description: "Payment status" } },
      },
    ],
  });
}
