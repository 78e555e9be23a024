import { describe, expect, it } from "vitest";
import { checkTurnBehaviour } from "../../src/agents/assistant-turn-checks.js";
import { checkUserTurn } from "../../src/agents/user-turn-checks.js";
import type { Message } from "../../src/schema/trajectory.js";
import { FunctionCatalog } from "../../src/tools/function-catalog.js";
import { coerceToSchema } from "../../src/tools/coerce-to-schema.js";
import { parseLenientJson } from "../../src/tools/lenient-json.js";
import { bookTask } from "../helpers/fixtures.js";

const task = bookTask();
const catalog = new FunctionCatalog(task.functions);
const first = task.functions[0]!.name;
const opening: Message[] = [{ role: "user", content: task.task }];
const afterAllCalls: Message[] = [
  ...opening,
  {
    role: "assistant",
    content: "Both lookups.",
    tool_calls: task.functions.map((spec, index) => ({ id: `c${index}`, type: "function" as const, function: { name: spec.name, arguments: "{}" } })),
  },
  ...task.functions.map((spec, index) => ({ role: "tool" as const, tool_call_id: `c${index}`, content: '{"value":"x"}' })),
];
const code = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("assistant turn checks", () => {
  it("a call without a thought is an empty-thought fault", () => {
    expect(code(() => checkTurnBehaviour({ kind: "calls", thought: " ", calls: [{ name: first, arguments: {} }] }, { task, catalog, messages: opening }))).toBe("empty-thought");
    expect(code(() => checkTurnBehaviour({ kind: "calls", thought: "First the author.", calls: [{ name: first, arguments: {} }] }, { task, catalog, messages: opening }))).toBeUndefined();
  });
  it("a final answer before any function ran is premature; after the calls, it is fine", () => {
    expect(code(() => checkTurnBehaviour({ kind: "final", thought: "", answer: "All done." }, { task, catalog, messages: opening }))).toBe("premature-final");
    expect(code(() => checkTurnBehaviour({ kind: "final", thought: "", answer: "The author was born on 1961-04-02." }, { task, catalog, messages: afterAllCalls }))).toBeUndefined();
  });
  it("refusals, padded answers and needless questions are named", () => {
    expect(code(() => checkTurnBehaviour({ kind: "final", thought: "", answer: "I'm sorry, but I can't help with that." }, { task, catalog, messages: afterAllCalls }))).toBe("refusal");
    expect(code(() => checkTurnBehaviour({ kind: "final", thought: "", answer: "word ".repeat(600) }, { task, catalog, messages: afterAllCalls }))).toBe("over-long");
    expect(code(() => checkTurnBehaviour({ kind: "question", text: "Could you confirm the details?" }, { task, catalog, messages: opening }))).toBe("clarifying-question");
    // A question is fine when the user left the details out.
    expect(code(() => checkTurnBehaviour({ kind: "question", text: "Which book?" }, { task, catalog, messages: [{ role: "user", content: "help with a book?" }] }))).toBeUndefined();
  });
  it("a needless question is a fault on negative variants too, except missing-info, where asking is the point", () => {
    const question = { kind: "question" as const, text: "Could you confirm the details?" };
    for (const variant of ["irrelevance", "missing-function"]) {
      expect(code(() => checkTurnBehaviour(question, { task: { ...task, variant } as typeof task, catalog, messages: opening })), variant).toBe("clarifying-question");
    }
    expect(code(() => checkTurnBehaviour(question, { task: { ...task, variant: "missing-info" } as typeof task, catalog, messages: opening }))).toBeUndefined();
  });
});

describe("user turn checks", () => {
  it("a user who names a function or solves the task is caught; a plain request passes", () => {
    expect(code(() => checkUserTurn(`${task.task} Please use ${first} for this.`, task, []))).toBe("user-names-function");
    expect(code(() => checkUserTurn(`${task.task} Just call the lookup tool.`, task, []))).toBe("user-names-function");
    expect(code(() => checkUserTurn(`${task.task} I already found it: the answer is 1961, so just confirm it.`, task, []))).toBe("user-solves-task");
    expect(code(() => checkUserTurn(`Hi! ${task.task} Thanks!`, task, []))).toBeUndefined();
  });

  it("a function named like a plain word counts only when written as code", () => {
    const translating = { ...task, functions: [{ ...task.functions[0]!, name: "translate" }] };
    expect(code(() => checkUserTurn("Please translate this note into Spanish: see you at noon.", translating, []))).toBeUndefined();
    expect(code(() => checkUserTurn("Run translate() on: see you at noon.", translating, []))).toBe("user-names-function");
    expect(code(() => checkUserTurn("Use `translate` on: see you at noon.", translating, []))).toBe("user-names-function");
  });
});

describe("lenient JSON and schema coercion", () => {
  it("repairs fences, prose around the value, single quotes and comments", () => {
    expect(parseLenientJson('```json\n{"a": 1}\n```')).toEqual({ value: { a: 1 }, repairs: ["code-fence"] });
    expect(parseLenientJson('Here you go: {"a": 1} Hope that helps!')?.value).toEqual({ a: 1 });
    expect(parseLenientJson("{'a': 'b', // note\n 'c': 2,}")?.value).toEqual({ a: "b", c: 2 });
    expect(parseLenientJson("no json here")).toBeUndefined();
  });
  it("turns numeric and boolean strings into the declared types, deep in lists, and nothing else", () => {
    const schema = {
      type: "object",
      properties: { nights: { type: "integer" }, price: { type: "number" }, ok: { type: "boolean" }, code: { type: "string" }, rooms: { type: "array", items: { type: "object", properties: { beds: { type: "integer" } } } } },
    };
    expect(coerceToSchema({ nights: "3", price: "99.5", ok: "true", code: "007", rooms: [{ beds: "2" }] }, schema)).toEqual({ nights: 3, price: 99.5, ok: true, code: "007", rooms: [{ beds: 2 }] });
    expect(coerceToSchema({ nights: "three", price: "2.5" }, { type: "object", properties: { nights: { type: "integer" }, price: { type: "integer" } } })).toEqual({ nights: "three", price: "2.5" });
  });
  it("a call missing only a required argument is a missing-argument fault; a numeric string is accepted as a number", () => {
    const spec = task.functions[0]!;
    const required = spec.required[0]!;
    expect(code(() => catalog.checkCall(spec.name, {}))).toBe("missing-argument");
    expect(catalog.checkCall(spec.name, `{"${required}": "x"}`)).toEqual({ [required]: "x" });
  });
});
