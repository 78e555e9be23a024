import { describe, expect, it } from "vitest";
import { fillArguments, type ToolDefinition } from "../../src/models/sim/skills/slot-filling.js";

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
