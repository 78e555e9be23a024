/**
 * LangChain tools as real tools: `convert_currency` is a LangChain `tool()` with a zod schema
 * (its schema becomes the function spec the assistant sees), `get_product_price` is played by
 * the simulated tool agent. An error the tool throws becomes a tool-error result in the
 * trajectory, and the assistant carries on from it.
 *
 *   npx tsx examples/langchain-tools.ts
 *
 * Prints the trajectory record (JSONL) on stdout. Runs offline on the simulator.
 * In your own project, import from "button-synth".
 */
import { pathToFileURL } from "node:url";
import { tool } from "langchain";
import { z } from "zod";
import { functionSpecFromTool, parseTask, resolveRoleModels, simulateTask } from "../src/index.js";

/** Fixed reference rates (units per 1 USD), so the example is reproducible. */
const PER_USD: Record<string, number> = { USD: 1, EUR: 0.92, JPY: 151.4, GBP: 0.79 };

export const convertCurrency = tool(
  ({ price, currency, target_currency }) => {
    const from = PER_USD[currency.toUpperCase()];
    const to = PER_USD[target_currency.toUpperCase()];
    // Thrown errors reach the assistant as {"error":{"type":"execution_error","message":…}}.
    if (from === undefined || to === undefined) throw new Error(`No rate for ${currency} → ${target_currency}`);
    const rate = Math.round((to / from) * 1e6) / 1e6;
    return { converted_amount: Math.round(price * rate * 100) / 100, rate };
  },
  {
    name: "convert_currency",
    description: "Convert an amount of money from one currency to another at today's rate.",
    schema: z.object({
      price: z.number().nonnegative().describe("The amount to convert."),
      currency: z.string().length(3).describe("ISO code of the source currency."),
      target_currency: z.string().length(3).describe("ISO code of the target currency."),
    }),
  },
);

/** A task whose functions mix a simulated spec and the LangChain tool's own spec. */
export function lensTask(targetCurrency: string) {
  return parseTask({
    id: `langchain-tool-lens-price-${targetCurrency.toLowerCase()}`,
    scenario: "Buying a camera lens from a shop abroad",
    strategy: "sequential",
    task: `Look up the price in JPY of the lens with product code "LEN-2050" at the Osaka Photo Market, then convert that price into ${targetCurrency}.`,
    subtasks: [
      { id: "s1", text: 'Get the JPY price of product "LEN-2050"', role: "given", depends_on: [], functions: ["get_product_price"] },
      { id: "s2", text: `Convert the price from JPY to ${targetCurrency}`, role: "subsequent", depends_on: ["s1"], functions: ["convert_currency"] },
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
      functionSpecFromTool(convertCurrency, {
        responses: {
          converted_amount: { type: "number", description: "The converted amount." },
          rate: { type: "number", description: "The exchange rate used." },
        },
      }),
    ],
  });
}

async function main() {
  for (const target of ["USD", "CHF"]) {
    // CHF has no rate: the tool throws, and the trajectory records the error result.
    const record = await simulateTask(lensTask(target), { models: resolveRoleModels(), realTools: { convert_currency: convertCurrency } });
    console.log(JSON.stringify(record));
    console.error(`${record.task_id}: ${record.reason ?? "accepted"}`);
  }
}

// Run only when executed, so tests can import the tool and the task.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
