import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFile } from "../../src/verify/validate-file.js";
import { fixturePath, sharedDatasets } from "../helpers/shared-datasets.js";

/**
 * Corrupt valid records in the ways data goes wrong and check that validation names the right
 * reason for each, on the line where it happened.
 */
type OpenAIRecord = {
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ function: { name: string; arguments: string } }> }>;
};

const corruptions: Record<string, (record: OpenAIRecord) => OpenAIRecord | string> = {
  "dropped tool message": (record) => {
    const index = record.messages.findIndex((message) => message.role === "tool");
    return { ...record, messages: record.messages.filter((_, position) => position !== index) };
  },
  "renamed function": (record) => {
    const copy = structuredClone(record);
    copy.messages.find((message) => message.tool_calls)!.tool_calls![0]!.function.name = "no_such_function";
    return copy;
  },
  "wrong argument type": (record) => {
    const copy = structuredClone(record);
    const call = copy.messages.find((message) => message.tool_calls)!.tool_calls![0]!;
    const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    const key = Object.keys(args)[0]!;
    args[key] = typeof args[key] === "number" ? "not a number" : 12345;
    call.function.arguments = JSON.stringify(args);
    return copy;
  },
  "missing final answer": (record) => ({ ...record, messages: record.messages.slice(0, -1) }),
  "torn line": (record) => JSON.stringify(record).slice(0, 120),
};

const expectedKind: Record<string, { kind: string; detail: RegExp }> = {
  "dropped tool message": { kind: "call-result-pairing", detail: /has no tool result/ },
  "renamed function": { kind: "known-functions", detail: /'no_such_function' .* not in the tools/ },
  "wrong argument type": { kind: "arguments-valid", detail: /must be (string|number|array|integer|boolean|object)/ },
  "missing final answer": { kind: "final-answer", detail: /^no final answer: the conversation ends with a (tool|user) message/ },
  "torn line": { kind: "unreadable", detail: /not valid JSON/ },
};

async function validateCorrupted(source: OpenAIRecord[], name: string) {
  const dir = mkdtempSync(join(tmpdir(), "button-corrupt-"));
  const file = join(dir, `${name}.jsonl`);
  const lines = [JSON.stringify(source[0]), ...Object.values(corruptions).map((corrupt) => {
    const result = corrupt(source[0]!);
    return typeof result === "string" ? result : JSON.stringify(result);
  })];
  writeFileSync(file, lines.join("\n") + "\n");
  return validateFile(file, { format: "openai" });
}

function expectEachCaught(report: Awaited<ReturnType<typeof validateCorrupted>>) {
  expect(report.total).toBe(6);
  expect(report.valid).toBe(1);
  Object.keys(corruptions).forEach((name, index) => {
    const invalid = report.invalid.find((entry) => entry.line === index + 2);
    expect(invalid, `${name} should be caught`).toBeDefined();
    const { kind, detail } = expectedKind[name]!;
    expect(invalid!.reasons.some((reason) => reason.kind === kind && detail.test(reason.detail)), `${name}: ${JSON.stringify(invalid!.reasons)}`).toBe(true);
  });
  expect(report.invalid.some((entry) => entry.line === 1)).toBe(false);
}

describe("corrupted copies of a valid record", () => {
  it("are each caught with the right reason (fixture)", async () => {
    const lines = readFileSync(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl"), "utf8").trim().split("\n");
    const report = await validateCorrupted([JSON.parse(lines[1]!)], "fixture");
    expectEachCaught(report);
    expect(report.errorsByKind).toMatchObject({ "call-result-pairing": 1, "known-functions": 1, "arguments-valid": 1, "final-answer": 1, unreadable: 1 });
  });

  const datasets = sharedDatasets(import.meta.url);
  describe.skipIf(!datasets.exists)("on real data (../shared/datasets)", () => {
    it("are each caught with the right reason (glaive record exported to OpenAI)", async () => {
      const { exportRecords } = await import("../../src/formats/export-records.js");
      const dir = mkdtempSync(join(tmpdir(), "button-glaive-"));
      const exported = join(dir, "glaive-openai.jsonl");
      await exportRecords(join(datasets.dir, "glaive-v2", "glaive_toolcall_en_demo_sharegpt_first200.jsonl"), "openai", exported);
      const withCalls = readFileSync(exported, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as OpenAIRecord)
        .find((record) => record.messages.at(-1)?.role === "assistant" && record.messages.some((message) => message.tool_calls && JSON.parse(message.tool_calls[0]!.function.arguments) && Object.keys(JSON.parse(message.tool_calls[0]!.function.arguments)).length > 0))!;
      expectEachCaught(await validateCorrupted([withCalls], "glaive"));
    });
  });
});
