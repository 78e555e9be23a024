import { describe, expect, it } from "vitest";
import { parseTask } from "../../src/schema/task.js";
import type { TrajectoryRecord } from "../../src/schema/trajectory.js";
import { CheckRegistry, trajectoryChecks } from "../../src/verify/check-registry.js";
import { groundingCheck } from "../../src/verify/checks/grounding-check.js";
import { parallelSanityCheck } from "../../src/verify/checks/parallel-sanity-check.js";
import { roleOrderCheck } from "../../src/verify/checks/role-order-check.js";
import type { TrajectoryCheck } from "../../src/verify/trajectory-check.js";
import { createTrajectoryVerifier, rejectionReason, verifyTrajectory, withVerdicts } from "../../src/verify/verify-trajectory.js";
import { fixturePath } from "../helpers/shared-datasets.js";
import { loadOpenAIFixture } from "../helpers/records.js";

const [parallel, sequential, multiTurn] = loadOpenAIFixture(fixturePath(import.meta.url, "formats", "openai-trajectories.jsonl")) as [
  TrajectoryRecord,
  TrajectoryRecord,
  TrajectoryRecord,
];

function failed(record: TrajectoryRecord, check: string, options = {}) {
  return verifyTrajectory(record, options).verdicts.filter((verdict) => verdict.check === check && !verdict.ok);
}

function replaceMessage(record: TrajectoryRecord, index: number, message: TrajectoryRecord["messages"][number]): TrajectoryRecord {
  return { ...record, messages: record.messages.map((original, position) => (position === index ? message : original)) };
}

describe("the built-in checks on valid records", () => {
  it.each([parallel, sequential, multiTurn])("accept $id with an ok verdict per check and severities set", (record) => {
    const result = verifyTrajectory(record);
    expect(result.rejections).toEqual([]);
    expect(result.accepted).toBe(true);
    const names = result.verdicts.map((verdict) => verdict.check);
    for (const check of ["structure", "role-order", "call-result-pairing", "known-functions", "arguments-valid", "final-answer", "parallel-sanity"]) {
      expect(names).toContain(check);
    }
    expect(result.verdicts.every((verdict) => verdict.severity === "reject" || verdict.severity === "warn")).toBe(true);
    expect(names).not.toContain("coverage"); // no task given
  });
});

describe("coverage (needs the task)", () => {
  const task = parseTask({
    id: "t-book",
    strategy: "sequential",
    task: "Find who wrote The Quiet Harbor, then that author's birthday, then the author's agent.",
    subtasks: [
      { id: "s1", text: "Find the author", role: "given", functions: ["find_book"] },
      { id: "s2", text: "Find the birthday", role: "subsequent", depends_on: ["s1"], functions: ["get_author_birthday"] },
      { id: "s3", text: "Find the agent", role: "subsequent", depends_on: ["s1"], functions: ["get_agent"] },
      { id: "s4", text: "Compare ages", role: "subsequent", depends_on: ["s2"], functions: [] },
    ],
    functions: ["find_book", "get_author_birthday", "get_agent"].map((name) => ({ name, description: "", parameters: {}, required: [], responses: {} })),
  });

  it("flags a sub-task whose functions were never called, and ignores sub-tasks without functions", () => {
    const verdicts = verifyTrajectory(sequential, { task }).verdicts.filter((verdict) => verdict.check === "coverage");
    expect(verdicts).toEqual([{ check: "coverage", ok: false, severity: "reject", detail: "sub-task 's3' was not covered: none of get_agent was called" }]);
  });
});

describe("grounding", () => {
  it("accepts numbers found in tool results, including rounded and thousands-separated ones", () => {
    expect(groundingCheck.run(parallel, {})).toEqual([]);
    const rounded = replaceMessage(parallel, 6, { role: "assistant", content: "250 EUR is about 40,513 JPY; Osaka is at 19°C." });
    expect(groundingCheck.run(rounded, {})).toEqual([]);
  });

  it("accepts a value one arithmetic step from the results (a sum, a difference), as logic sub-tasks produce", async () => {
    const { simulateTask } = await import("../../src/graphs/trajectory-graph.js");
    const { resolveRoleModels } = await import("../../src/models/resolve-model.js");
    const { exampleTask } = await import("../helpers/fixtures.js");
    // The simulator adds the flight price and the hotel total in its final answer.
    const record = await simulateTask(exampleTask("ex-05-flight-hotel"), { models: resolveRoleModels() });
    expect(record.messages.at(-1)!.content).toMatch(/ = \d/);
    expect(groundingCheck.run(record, {})).toEqual([]);
  });

  it("flags a number that appears in no tool result, argument or user message", () => {
    const invented = replaceMessage(parallel, 6, { role: "assistant", content: "Lisbon is at 31°C and 250 EUR is 39,000 JPY." });
    expect(groundingCheck.run(invented, {})).toEqual({
      detail: "message 6 (final answer): the final answer states 31, 39,000, found in no tool result, argument or user message",
    });
    // Rejects by default (set from the real datasets); callers may lower it to a warning.
    expect(verifyTrajectory(invented).accepted).toBe(false);
    expect(verifyTrajectory(invented, { severity: { grounding: "warn" } }).accepted).toBe(true);
  });
});

describe("parallel sanity", () => {
  it("flags a call that uses a sibling's output from the same parallel turn", () => {
    const leaky: TrajectoryRecord = {
      ...sequential,
      parallel_tool_calls: true,
      messages: [
        sequential.messages[0]!,
        {
          role: "assistant",
          content: "Both at once.",
          tool_calls: [
            { id: "c1", type: "function", function: { name: "find_book", arguments: '{"title":"The Quiet Harbor"}' } },
            { id: "c2", type: "function", function: { name: "get_author_birthday", arguments: '{"author":"Maria Lopez"}' } },
          ],
        },
        { role: "tool", tool_call_id: "c1", content: '{"author": "Maria Lopez"}' },
        { role: "tool", tool_call_id: "c2", content: '{"birthday": "1971-03-14"}' },
        { role: "assistant", content: "Maria Lopez, born 1971-03-14." },
      ],
    };
    expect(parallelSanityCheck.run(leaky, {})).toEqual([
      { detail: "call 'get_author_birthday' (call c2) uses \"Maria Lopez\", which first appears in the result of 'find_book' (call c1) made in the same parallel turn" },
    ]);
    expect(verifyTrajectory(leaky).accepted).toBe(false);
  });

  it("accepts independent parallel calls whose values come from the user", () => {
    expect(parallelSanityCheck.run(parallel, {})).toEqual([]);
  });

  it("flags several calls in one turn when the record has parallel calls off", () => {
    expect(parallelSanityCheck.run({ ...parallel, parallel_tool_calls: false }, {})).toEqual([
      { detail: "message 2 makes 3 calls at once, but the record has parallel calls off" },
    ]);
  });
});

describe("results-valid", () => {
  it("warns when a result does not fit the function's declared responses, and skips functions without them", () => {
    expect(verifyTrajectory(sequential).verdicts.find((verdict) => verdict.check === "results-valid")).toEqual({ check: "results-valid", ok: true, severity: "warn" });
    const withResponses: TrajectoryRecord = {
      ...sequential,
      tools: sequential.tools.map((tool) =>
        tool.function.name === "get_author_birthday" ? { ...tool, function: { ...tool.function, responses: { birthday: { type: "string" }, age: { type: "integer" } } } } : tool,
      ),
    };
    const result = verifyTrajectory(withResponses);
    expect(result.accepted).toBe(true);
    // (The fixture's invented tag "novelist" also warns, under argument-codes.)
    expect(result.warnings.filter((verdict) => verdict.check === "results-valid").map((verdict) => verdict.detail)).toEqual([
      "result of 'get_author_birthday' (call abcDEF124): the object is missing required property 'age'",
    ]);
  });
});

describe("role order", () => {
  it("flags a conversation that opens with the assistant and a user turn right after tool results", () => {
    const swapped: TrajectoryRecord = { ...sequential, messages: [sequential.messages[1]!, sequential.messages[2]!, sequential.messages[0]!, ...sequential.messages.slice(3)] };
    const details = roleOrderCheck.run(swapped, {}) as Array<{ detail: string }>;
    expect(details.map((finding) => finding.detail)).toEqual([
      "the first message after the system prompt is from the assistant; it must be from the user",
      "message 2 is a user message right after tool results; the assistant must answer the results first",
    ]);
  });
});

describe("final answer and terminal functions", () => {
  const handOff: TrajectoryRecord = {
    ...multiTurn,
    messages: [
      ...multiTurn.messages.slice(0, 3),
      { role: "assistant", content: null, tool_calls: [{ id: "c9", type: "function", function: { name: "transfer_to_human_agents", arguments: '{"summary":"refund"}' } }] },
      { role: "tool", tool_call_id: "c9", content: "Transfer successful" },
    ],
    tools: [...multiTurn.tools, { type: "function", function: { name: "transfer_to_human_agents", parameters: { type: "object", properties: { summary: { type: "string" } }, required: [] } } }],
  };

  it("lets a conversation end with a declared hand-off function's result", () => {
    expect(failed(handOff, "final-answer")).toEqual([]);
  });

  it("rejects the same ending when the caller declares no terminal functions", () => {
    expect(failed(handOff, "final-answer", { terminalFunctions: [] })[0]?.detail).toBe("no final answer: the conversation ends with a tool message");
  });
});

describe("duplicates across a run", () => {
  it("rejects an exact copy with new ids and warns on a near copy; only accepted records are remembered", () => {
    const verifier = createTrajectoryVerifier();
    expect(verifier.verify(sequential).accepted).toBe(true);
    const copy: TrajectoryRecord = {
      ...sequential,
      id: "r-copy",
      messages: sequential.messages.map((message) =>
        message.role === "tool"
          ? { ...message, tool_call_id: `x${message.tool_call_id}` }
          : message.role === "assistant" && message.tool_calls
            ? { ...message, tool_calls: message.tool_calls.map((call) => ({ ...call, id: `x${call.id}` })) }
            : message,
      ),
    };
    const exact = verifier.verify(copy);
    expect(exact.accepted).toBe(false);
    expect(rejectionReason(exact)).toBe("exact-duplicate: same conversation as record 'r-sequential'");
    const near = replaceMessage({ ...sequential, id: "r-near" }, 5, {
      role: "assistant",
      content: "'The Quiet Harbor' was written by Maria Lopez, whose birthday is 1971-03-14!",
    });
    const nearResult = verifier.verify(near);
    expect(nearResult.accepted).toBe(true);
    expect(nearResult.warnings.map((verdict) => verdict.check).filter((check) => check !== "argument-codes")).toEqual(["near-duplicate"]);
    expect(verifier.verify(sequential).accepted).toBe(true); // re-verifying the same record is not a duplicate of itself
  });
});

describe("the check registry", () => {
  const noEmoji: TrajectoryCheck = {
    name: "no-emoji",
    description: "answers contain no emoji",
    defaultSeverity: "warn",
    run: (record) =>
      record.messages.some((message) => message.role === "assistant" && /\p{Extended_Pictographic}/u.test(message.content ?? "")) ? { detail: "an answer has an emoji" } : [],
  };

  it("runs a user's check beside the built-ins, at its default or an overridden severity", () => {
    const registry = new CheckRegistry(trajectoryChecks.list()).register(noEmoji);
    const emoji = replaceMessage(sequential, 5, { role: "assistant", content: "Maria Lopez wrote it 🎉, born 1971-03-14." });
    const warned = verifyTrajectory(emoji, { checks: registry.list() });
    expect(warned.accepted).toBe(true);
    expect(warned.warnings.filter((verdict) => verdict.check === "no-emoji")).toEqual([{ check: "no-emoji", ok: false, severity: "warn", detail: "an answer has an emoji" }]);
    expect(verifyTrajectory(emoji, { checks: registry.list(), severity: { "no-emoji": "reject" } }).accepted).toBe(false);
    expect(verifyTrajectory(emoji, { checks: registry.list(), severity: { "no-emoji": "off" } }).verdicts.some((verdict) => verdict.check === "no-emoji")).toBe(false);
  });

  it("accepts checks that return verdicts instead of findings", () => {
    const verdictStyle: TrajectoryCheck = {
      name: "has-three-messages",
      description: "at least three messages",
      defaultSeverity: "reject",
      run: (record) => ({ check: "has-three-messages", ok: record.messages.length >= 3, detail: `${record.messages.length} messages` }),
    };
    expect(verifyTrajectory(sequential, { checks: [verdictStyle] }).verdicts).toEqual([{ check: "has-three-messages", ok: true, severity: "reject" }]);
    const short = { ...sequential, messages: sequential.messages.slice(0, 2) };
    expect(verifyTrajectory(short, { checks: [verdictStyle] }).rejections).toEqual([
      { check: "has-three-messages", ok: false, severity: "reject", detail: "2 messages" },
    ]);
  });

  it("refuses a severity override for a check that does not exist", () => {
    expect(() => createTrajectoryVerifier({ severity: { "no-such-check": "warn" } })).toThrow(/unknown check 'no-such-check'/);
  });

  it("stores verdicts on the record in the schema's shape", () => {
    const stored = withVerdicts(sequential, verifyTrajectory(sequential));
    expect(stored.verdicts.length).toBeGreaterThan(5);
    expect(stored.verdicts.find((verdict) => verdict.check === "arguments-valid")).toEqual({ check: "arguments-valid", ok: true, severity: "reject" });
  });
});
