import { describe, expect, it } from "vitest";
import { validateFile } from "../../src/verify/validate-file.js";
import { fixturePath } from "../helpers/shared-datasets.js";

/**
 * The six kinds of well-formed but false record of issue 9, each built from the valid record in
 * `valid.jsonl` by one change: `button validate` must report each invalid, naming the fault.
 */
const expected: Array<{ line: number; fault: string; kind: string; detail: RegExp }> = [
  { line: 1, fault: "an argument value that appears nowhere earlier", kind: "argument-provenance", detail: /argument 'check_in': the date '2025-07-02' is not written/ },
  { line: 2, fault: "a result that contradicts the call it answers", kind: "result-consistency", detail: /field 'guest_name': "Marta Costa" contradicts the call's argument 'guest_name'/ },
  { line: 3, fault: "a later call using an identifier no result returned", kind: "identifier-provenance", detail: /argument 'hotel_id': the identifier 'H-9182' was returned by no earlier result/ },
  { line: 4, fault: "a final answer citing a number no result gave", kind: "grounding", detail: /final answer states 245/ },
  { line: 5, fault: "a call for an entity the user never mentioned", kind: "entity-mentioned", detail: /argument 'city': 'Porto' is an entity the user never mentioned/ },
  { line: 6, fault: "a canned placeholder result", kind: "placeholder-results", detail: /field 'hotels\[0\]\.name': 'Lorem ipsum hotel' is a placeholder/ },
];

describe("validate on false records built from a valid one", () => {
  it("accepts the valid original", async () => {
    const report = await validateFile(fixturePath(import.meta.url, "false-records", "valid.jsonl"));
    expect(report.invalid).toEqual([]);
    expect(report.valid).toBe(1);
  });

  it.each(expected)("reports line $line ($fault) as invalid, naming the fault", async ({ line, kind, detail }) => {
    const report = await validateFile(fixturePath(import.meta.url, "false-records", "false-records.jsonl"));
    expect(report.total).toBe(expected.length);
    const invalid = report.invalid.find((entry) => entry.line === line);
    expect(invalid, JSON.stringify(report.invalid)).toBeDefined();
    expect(invalid!.reasons.some((reason) => reason.kind === kind && detail.test(reason.detail)), JSON.stringify(invalid!.reasons)).toBe(true);
  });
});
