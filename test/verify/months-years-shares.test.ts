import { describe, expect, it } from "vitest";
import { argumentProvenanceCheck } from "../../src/verify/checks/argument-provenance-check.js";
import { describedFormatCheck } from "../../src/verify/checks/described-format-check.js";
import { resultConsistencyCheck } from "../../src/verify/checks/result-consistency-check.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";

/**
 * Faults the offline simulator made on fresh tasks (bench/fixtures/token-tasks.jsonl, bt-03)
 * before it was fixed, which the checks then accepted: the year of "August 2025" used as the
 * amount to split, and a share larger than the total it splits. And the right form of the month
 * ("2025-08" for "August 2025"), which the provenance check used to reject.
 */
const userText = 'Look up the electricity bill for account "EL-55120" for August 2025, then ask my flatmate "Ines Duarte" to pay half of it.';

function billRecord(month: string, total: number, share: number): TrajectoryRecord {
  const tool = (name: string, properties: Record<string, unknown>) => ({
    type: "function",
    function: { name, description: name.replace(/_/g, " "), parameters: { type: "object", properties, required: Object.keys(properties) } },
  });
  return {
    id: "r1",
    task_id: "t1",
    parallel_tool_calls: false,
    tools: [
      tool("get_utility_bill", { account: { type: "string" }, month: { type: "string", description: "Billing month, YYYY-MM." } }),
      tool("request_bill_split", { contact_name: { type: "string" }, total: { type: "number", description: "Total amount to split." } }),
    ],
    messages: [
      { role: "user", content: userText },
      { role: "assistant", content: "First the bill.", tool_calls: [{ id: "c1", type: "function", function: { name: "get_utility_bill", arguments: JSON.stringify({ account: "EL-55120", month }) } }] },
      { role: "tool", tool_call_id: "c1", content: JSON.stringify({ amount: 143.85, currency: "USD", due_date: "2025-09-14" }) },
      { role: "assistant", content: "Now the split.", tool_calls: [{ id: "c2", type: "function", function: { name: "request_bill_split", arguments: JSON.stringify({ contact_name: "Ines Duarte", total }) } }] },
      { role: "tool", tool_call_id: "c2", content: JSON.stringify({ request_id: "REQ-1", share_amount: share }) },
      { role: "assistant", content: `Ines is asked to pay ${share} of the ${total} bill (request REQ-1).` },
    ],
  } as unknown as TrajectoryRecord;
}

const details = (findings: unknown) => (findings as Array<{ detail: string }>).map((finding) => finding.detail);

describe("months, years and shares", () => {
  it("accepts 2025-08 for 'August 2025' and a share below its total", () => {
    const record = billRecord("2025-08", 143.85, 71.93);
    expect(details(argumentProvenanceCheck.run(record, {}))).toEqual([]);
    expect(details(resultConsistencyCheck.run(record, {}))).toEqual([]);
  });

  it("rejects a month the dialogue never states", () => {
    expect(details(argumentProvenanceCheck.run(billRecord("2025-03", 143.85, 71.93), {}))).toEqual([expect.stringMatching(/argument 'month': the month '2025-03' is not written/)]);
  });

  it("rejects the year of a date used as an amount", () => {
    expect(details(argumentProvenanceCheck.run(billRecord("2025-08", 2025, 71.93), {}))).toEqual([
      expect.stringMatching(/call 'request_bill_split' \(c2\), argument 'total': 2025 is stated only as the year of a date/),
    ]);
  });

  it("rejects a share larger than the total it splits", () => {
    expect(details(resultConsistencyCheck.run(billRecord("2025-08", 143.85, 144.85), {}))).toEqual([expect.stringMatching(/the share 144.85 is more than the total 143.85/)]);
  });
});

describe("described-format", () => {
  it("rejects 'August' where the description asks for YYYY-MM, naming the format", () => {
    expect(details(describedFormatCheck.run(billRecord("August", 143.85, 71.93), {}))).toEqual([
      "message 1, call 'get_utility_bill' (c1), argument 'month': 'August' is not in the format its description states (YYYY-MM)",
    ]);
  });

  it("accepts 2025-08, and leaves parameters whose description states no format alone", () => {
    expect(details(describedFormatCheck.run(billRecord("2025-08", 143.85, 71.93), {}))).toEqual([]);
  });
});
