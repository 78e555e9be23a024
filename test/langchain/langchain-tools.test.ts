import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tool } from "langchain";
import { describe, expect, it } from "vitest";
import { convertCurrency, lensTask } from "../../examples/langchain-tools.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { trajectorySchema, type Message, type TrajectoryRecord } from "../../src/schema/trajectory.js";
import { functionSpecFromTool, isLangChainTool, runLangChainTool } from "../../src/tools/langchain-tool.js";
import { isToolErrorResult } from "../../src/tools/tool-error-result.js";
import { verifyTrajectory } from "../../src/verify/verify-trajectory.js";

type Tool = Extract<Message, { role: "tool" }>;

function callsOf(record: TrajectoryRecord) {
  return record.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : []));
}

function resultOf(record: TrajectoryRecord, callId: string): Tool {
  return record.messages.find((message) => message.role === "tool" && message.tool_call_id === callId) as Tool;
}

describe("LangChain tools as real tools", () => {
  it("turns a zod tool() into a BUTTON function spec", () => {
    const spec = functionSpecFromTool(convertCurrency, { responses: { rate: { type: "number", description: "Rate." } } });
    expect(spec.name).toBe("convert_currency");
    expect(spec.required).toEqual(["price", "currency", "target_currency"]);
    expect(spec.parameters.price).toMatchObject({ type: "number", description: "The amount to convert.", minimum: 0 });
    expect(spec.responses).toEqual({ rate: { type: "number", description: "Rate." } });
    expect(isLangChainTool(convertCurrency)).toBe(true);
    expect(isLangChainTool({ name: "x", input: {}, run: () => ({}) })).toBe(false);
  });

  it("takes a JSON-schema tool() as well, and wraps a text output as { result }", async () => {
    const shout = tool(async (input: Record<string, unknown>) => String(input.text).toUpperCase(), {
      name: "shout",
      description: "Upper-case a text.",
      schema: { type: "object", properties: { text: { type: "string", description: "The text." } }, required: ["text"] },
    });
    expect(functionSpecFromTool(shout).parameters.text).toEqual({ type: "string", description: "The text." });
    expect(await runLangChainTool(shout, { text: "hi" })).toEqual({ result: "HI" });
  });

  it("mixes a tool() with a simulated function in one trajectory, which passes the checks", async () => {
    const task = lensTask("USD");
    const record = await simulateTask(task, { models: resolveRoleModels(), realTools: { convert_currency: convertCurrency } });
    expect(record.reason).toBeUndefined();
    const conversion = callsOf(record).find((call) => call.function.name === "convert_currency")!;
    const expected = await convertCurrency.invoke(JSON.parse(conversion.function.arguments));
    expect(resultOf(record, conversion.id).content).toBe(JSON.stringify(expected));
    // The price lookup was simulated, and the conversion consumed its result.
    const lookup = callsOf(record).find((call) => call.function.name === "get_product_price")!;
    const price = JSON.parse(resultOf(record, lookup.id).content) as { price: number };
    expect(JSON.parse(conversion.function.arguments).price).toBe(price.price);
    // The tool's schema is what the trained model will see.
    expect(record.tools.find((entry) => entry.function.name === "convert_currency")!.function.parameters).toMatchObject({
      required: ["price", "currency", "target_currency"],
    });
    const verification = verifyTrajectory(record, { task });
    expect(verification.rejections).toEqual([]);
  });

  it("records a thrown error as a tool-error result the assistant recovers from", async () => {
    const record = await simulateTask(lensTask("CHF"), { models: resolveRoleModels(), realTools: { convert_currency: convertCurrency } });
    expect(record.reason).toBeUndefined();
    const failures = record.messages.filter((message) => message.role === "tool" && message.name === "convert_currency") as Tool[];
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(isToolErrorResult(failure.content)).toBe(true);
      expect(JSON.parse(failure.content)).toEqual({ error: { type: "execution_error", message: expect.stringContaining("No rate for") } });
    }
    const final = record.messages.at(-1)!;
    expect(final.role).toBe("assistant");
    expect(final.content).toContain("No rate for");
  });

  it("the example runs as documented", async () => {
    const repository = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/langchain-tools.ts"], {
      cwd: repository,
    });
    const records = stdout.trim().split("\n").map((line) => trajectorySchema.parse(JSON.parse(line)));
    expect(records.map((record) => record.task_id)).toEqual(["langchain-tool-lens-price-usd", "langchain-tool-lens-price-chf"]);
  });
});
