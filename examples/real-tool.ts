/**
 * A task that mixes a real TypeScript tool with a simulated one: `get_product_price` is
 * played by the tool agent, `convert_currency` runs the code below (a zod-typed function).
 * The real tool's result goes into the trajectory unchanged.
 *
 *   npx tsx examples/real-tool.ts
 *
 * Prints the trajectory record (JSONL) on stdout. Runs offline on the simulator.
 * In your own project, import from "button-synth".
 */
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { parseTask, realTool, resolveRoleModels, simulateTask, toolErrorResult } from "../src/index.js";

/** Fixed reference rates (units per 1 USD), so the example is reproducible. */
const PER_USD: Record<string, number> = { USD: 1, EUR: 0.92, JPY: 151.4, GBP: 0.79 };

export const convertCurrency = realTool({
  name: "convert_currency",
  input: z.object({
    price: z.number().nonnegative(),
    currency: z.string().length(3),
    target_currency: z.string().length(3),
  }),
  run({ price, currency, target_currency }) {
    const from = PER_USD[currency.toUpperCase()];
    const to = PER_USD[target_currency.toUpperCase()];
    // A failure the assistant should handle is returned as a tool error result; a throw would mean a bug or an outage.
    if (from === undefined || to === undefined) return toolErrorResult("not_found", `No rate for ${currency} → ${target_currency}.`);
    const rate = Math.round((to / from) * 1e6) / 1e6;
    return { converted_amount: Math.round(price * rate * 100) / 100, rate };
  },
});

export const task = parseTask({
  id: "real-tool-lens-price",
  scenario: "Buying a camera lens from a shop abroad",
  strategy: "sequential",
  task: 'Look up the price in JPY of the lens with product code "LEN-2050" at the Osaka Photo Market, then convert that price into USD.',
  subtasks: [
    { id: "s1", text: 'Get the JPY price of product "LEN-2050"', role: "given", depends_on: [], functions: ["get_product_price"] },
    { id: "s2", text: "Convert the price from JPY to USD", role: "subsequent", depends_on: ["s1"], functions: ["convert_currency"] },
  ],
  functions: [
    {
      name: "get_product_price",
      description: "Get the current price of a product in a store's catalogue.",
      parameters: {
        product_code: { type: "string", description: "The store's product code." },
        store: { type: "string", description: "Name of the store." },
      },
      required: ["product_code"],
      responses: { price: { type: "number", description: "Current price." }, currency: { type: "string", description: "ISO currency code of the price." } },
    },
    {
      name: "convert_currency",
      description: "Convert an amount of money from one currency to another at today's rate.",
      parameters: {
        price: { type: "number", description: "The amount to convert." },
        currency: { type: "string", description: "ISO code of the source currency." },
        target_currency: { type: "string", description: "ISO code of the target currency." },
      },
      required: ["price", "currency", "target_currency"],
      responses: {
        converted_amount: { type: "number", description: "The converted amount." },
        rate: { type: "number", description: "The exchange rate used." },
      },
    },
  ],
});

async function main() {
  const record = await simulateTask(task, { models: resolveRoleModels(), realTools: { convert_currency: convertCurrency } });
  console.log(JSON.stringify(record));
  console.error(`${task.id}: ${record.reason ?? "accepted"}`);
}

// Run only when executed, so tests can import the tool and the task.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
