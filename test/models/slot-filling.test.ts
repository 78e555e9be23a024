import { describe, expect, it } from "vitest";
import { chooseItem, fillArguments, type ToolDefinition } from "../../src/models/sim/skills/slot-filling.js";

/**
 * A quoted name that the request ties to a thing ("my shopping list called "Weekend"") names
 * that thing: it fills a parameter about lists, never a dish or a search query.
 */
const findRecipe: ToolDefinition = {
  name: "find_recipe",
  parameters: { dish: { type: "string", description: "Dish to cook." }, diet: { type: "string", description: "Dietary requirement." } },
  required: ["dish"],
};
const addToList: ToolDefinition = {
  name: "add_to_shopping_list",
  parameters: {
    list_name: { type: "string", description: "Name of the shopping list." },
    items: { type: "array", items: { type: "string" }, description: "Items to add." },
  },
  required: ["list_name", "items"],
};
const searchSongs: ToolDefinition = {
  name: "search_songs",
  parameters: { query: { type: "string", description: "Words to search for." } },
  required: ["query"],
};

describe("slot filling with a named thing", () => {
  const request = 'Find a recipe for a vegan lasagne, get its ingredient quantities for 6 servings, and add them all to my shopping list called "Weekend".';

  it("does not put the list's name in the dish", () => {
    const filled = fillArguments(findRecipe, request, "Find a vegan lasagne recipe", [], new Set());
    expect(filled.args.dish).not.toBe("Weekend");
  });

  it("puts the list's name in the parameter about lists", () => {
    const filled = fillArguments(addToList, request, "Add the ingredients to the Weekend list", [], new Set());
    expect(filled.args.list_name).toBe("Weekend");
  });

  it("keeps a playlist's name out of a search query and asks instead", () => {
    const filled = fillArguments(searchSongs, 'Add some calm piano songs to my playlist named "Sunday Morning".', "Search for calm piano songs", [], new Set());
    expect(filled.args.query).not.toBe("Sunday Morning");
  });
});

describe("slot filling with months and amounts (fresh task bt-03)", () => {
  const request = 'Look up the electricity bill for account "EL-55120" for August 2025, then request a split of that amount between my flatmate "Ines Duarte" and me.';
  const getBill: ToolDefinition = {
    name: "get_utility_bill",
    parameters: { account: { type: "string", description: "Utility account number." }, month: { type: "string", description: "Billing month, YYYY-MM." } },
    required: ["account", "month"],
  };
  const split: ToolDefinition = {
    name: "request_bill_split",
    parameters: { contact_name: { type: "string", description: "Full name of the person asked to pay." }, total: { type: "number", description: "Total amount to split." } },
    required: ["contact_name", "total"],
  };

  it("writes 'August 2025' as the month 2025-08", () => {
    expect(fillArguments(getBill, request, "Get the August 2025 bill", [], new Set()).args).toEqual({ account: "EL-55120", month: "2025-08" });
  });

  it("splits the bill's amount, not the year", () => {
    const history = [{ name: "get_utility_bill", arguments: { account: "EL-55120", month: "2025-08" }, results: { amount: 143.85, currency: "USD" } }];
    expect(fillArguments(split, request, "Request a split of the bill's amount with Ines Duarte", history, new Set()).args).toEqual({ contact_name: "Ines Duarte", total: 143.85 });
  });
});

describe("choosing a list item", () => {
  it("takes 'the first train' as the earliest departure, whatever the list's order", () => {
    const trains = [
      { train_id: "TRA-54318", departs: "12:15" },
      { train_id: "TRA-26932", departs: "13:15" },
      { train_id: "TRA-31936", departs: "11:15" },
    ];
    expect(chooseItem(trains, "Reserve a seat on the first train for Ruth Okafor")?.train_id).toBe("TRA-31936");
  });
});
