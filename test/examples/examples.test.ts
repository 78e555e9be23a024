import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { convertCurrency } from "../../examples/real-tool.js";
import { preferenceRecordSchema } from "../../src/preferences/preference-record.js";
import { trajectorySchema, type Message, type TrajectoryRecord } from "../../src/schema/trajectory.js";
import { isToolErrorResult } from "../../src/tools/tool-error-result.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

/** Run an example the documented way (`tsx examples/<name>.ts`) and parse its JSONL stdout. */
async function runExample(name: string, args: string[] = []): Promise<TrajectoryRecord[]> {
  const { stdout } = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), `examples/${name}.ts`, ...args], {
    cwd: repository,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split("\n")
    .map((line) => trajectorySchema.parse(JSON.parse(line)));
}

type Assistant = Extract<Message, { role: "assistant" }>;
type Tool = Extract<Message, { role: "tool" }>;

describe("examples", () => {
  it("custom-role: the builder's roles all run, and the custom role measures every accepted answer", async () => {
    const records = await runExample("custom-role");
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.reason, record.task_id).toBeUndefined();
      const roles = record.meta.roles as Record<string, { words?: number; persona?: string | null; reviews?: unknown[] }>;
      const answer = record.messages.at(-1);
      expect(answer?.role).toBe("assistant");
      const words = (answer?.content ?? "").split(/\s+/).filter(Boolean).length;
      expect(roles["answer-length"]?.words).toBe(words);
      expect(words).toBeGreaterThan(0);
      expect(["terse", "vague", "non-native"]).toContain(roles.user?.persona);
      expect(roles.critic?.reviews?.length).toBeGreaterThan(0);
    }
  });


  it("critic-role: a feedback turn follows each answer sent back, and the pairs are written", async () => {
    const out = await mkdtemp(join(tmpdir(), "button-critic-example-"));
    try {
      const records = await runExample("critic-role", ["--out", out]);
      expect(records).toHaveLength(4);
      let sentBack = 0;
      for (const record of records) {
        expect(record.reason, record.task_id).toBeUndefined();
        const reviews = (record.meta.roles as { critic: { reviews: Array<{ verdict: string; feedback: string; feedback_index?: number }> } }).critic.reviews;
        for (const review of reviews.filter((entry) => entry.verdict === "revise")) {
          sentBack++;
          const turn = record.messages[review.feedback_index! + 1]!;
          expect(turn).toEqual({ role: "user", content: review.feedback });
          expect(record.messages[review.feedback_index!]!.role).toBe("assistant");
        }
        expect((record.meta.roles as { user: { persona: string } }).user.persona).toMatch(/^(terse|vague|non-native)$/);
      }
      expect(sentBack).toBeGreaterThan(0);
      const pairs = (await readFile(join(out, "preferences.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => preferenceRecordSchema.parse(JSON.parse(line)));
      expect(pairs).toHaveLength(sentBack);
      expect((await readFile(join(out, "trajectories.jsonl"), "utf8")).trim().split("\n")).toHaveLength(4);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("error-injecting-tools: every injected error is followed by a successful retry of the same call", async () => {
    const records = await runExample("error-injecting-tools");
    expect(records).toHaveLength(6);
    let errors = 0;
    for (const record of records) {
      expect(record.reason, record.task_id).toBeUndefined();
      const calls = new Map<string, { name: string; arguments: string }>();
      record.messages.forEach((message, index) => {
        if (message.role === "assistant") for (const call of message.tool_calls ?? []) calls.set(call.id, call.function);
        if (message.role !== "tool" || !isToolErrorResult(message.content)) return;
        errors++;
        const failed = calls.get(message.tool_call_id)!;
        const next = record.messages.slice(index + 1).find((later) => later.role === "assistant") as Assistant;
        expect(next.content).toContain(`The call to ${failed.name} failed`);
        const retry = next.tool_calls!.find((call) => call.function.name === failed.name && call.function.arguments === failed.arguments)!;
        const result = record.messages.find((later) => later.role === "tool" && later.tool_call_id === retry.id) as Tool;
        expect(isToolErrorResult(result.content)).toBe(false);
      });
    }
    expect(errors).toBeGreaterThan(0);
  });

  it("real-tool: the real tool's result appears unchanged, next to simulated results", async () => {
    const [record] = await runExample("real-tool");
    expect(record!.reason).toBeUndefined();
    const assistantCalls = record!.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : []));
    const conversion = assistantCalls.find((call) => call.function.name === "convert_currency")!;
    const result = record!.messages.find((message) => message.role === "tool" && message.tool_call_id === conversion.id) as Tool;
    const expected = await convertCurrency.run(JSON.parse(conversion.function.arguments), {});
    expect(result.content).toBe(JSON.stringify(expected));
    // The price lookup is simulated, and the conversion consumed its result.
    const price = record!.messages.find((message) => message.role === "tool" && message.name === "get_product_price") as Tool;
    expect(JSON.parse(conversion.function.arguments).price).toBe(JSON.parse(price.content).price);
  });
});
