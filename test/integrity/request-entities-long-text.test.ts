import { describe, expect, it } from "vitest";
import { extractEntities } from "../../src/models/sim/skills/request-entities.js";

// Speed on very long text is measured by bench/long-task-text.ts (tests never assert on time);
// these pin what the linear rewrite of the scanner must still find.
describe("request entities after the linear rewrite", () => {
  it("still finds emails, codes, numbers and names, each span once", () => {
    const entities = extractEntities('Email anna.lee+news@example.co.uk about order CAM-4471 for 250 EUR from "Tokyo Camera Store" in Lisbon.');
    expect(entities.map((entity) => [entity.kind, entity.value])).toEqual([
      ["email", "anna.lee+news@example.co.uk"],
      ["code", "CAM-4471"],
      ["number", 250],
      ["name", "EUR"],
      ["quoted", "Tokyo Camera Store"],
      ["name", "Lisbon"],
    ]);
  });

  it("finds an email after a long word and nothing inside a long word", () => {
    const text = `${"x".repeat(200_000)} write to bo@example.org`;
    expect(extractEntities(text).map((entity) => entity.value)).toEqual(["bo@example.org"]);
  });
});
