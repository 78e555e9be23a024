import { describe, expect, it } from "vitest";
import type { FunctionSpec } from "../../src/schema/function-spec.js";
import { argumentProblems, resultProblems } from "../../src/tools/json-schema.js";

describe("argument and result checks against a spec", () => {
  it("give the same answers on every call, and follow a spec whose parameters or responses are replaced", () => {
    const spec: FunctionSpec = {
      name: "get_author",
      description: "Find the author of a book.",
      parameters: { title: { type: "string", description: "The title" } },
      required: ["title"],
      responses: { author: { type: "string", description: "The author" } },
    };
    expect(argumentProblems(spec, { title: "Dune" })).toEqual([]);
    expect(argumentProblems(spec, {})).toEqual(["the object is missing required property 'title'"]);
    expect(argumentProblems(spec, {})).toEqual(["the object is missing required property 'title'"]);
    expect(resultProblems(spec, { author: 3 })).toEqual(["'author' must be string"]);

    spec.parameters = { title: { type: "string", description: "The title" }, year: { type: "integer", description: "Year" } };
    spec.required = ["title", "year"];
    expect(argumentProblems(spec, { title: "Dune" })).toEqual(["the object is missing required property 'year'"]);
    spec.responses = { author: { type: "number", description: "An id" } };
    expect(resultProblems(spec, { author: 3 })).toEqual([]);
  });
});
