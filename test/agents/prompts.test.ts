import { describe, expect, it } from "vitest";
import { assistantBriefing, criticRequest, criticSystemPrompt, toolAgentPrompt, toolCallPrompt, userAgentPrompt } from "../../src/agents/prompts/index.js";
import { readSection } from "../../src/models/sim/sim-request.js";
import type { TaskRecord } from "../../src/schema/task.js";
import { bookTask } from "../helpers/fixtures.js";

const task: TaskRecord = bookTask();

describe("user agent prompt", () => {
  const prompt = userAgentPrompt(task);
  it("states the method's rules for the user", () => {
    expect(prompt).toMatch(/first person/);
    expect(prompt).toMatch(/every concrete detail/);
    expect(prompt).toMatch(/Do not name any tool, function or API/);
    expect(prompt).toMatch(/do not dictate the steps/);
    expect(prompt).toMatch(/Do not solve the task yourself/);
  });
  it("shows a worked example with a good and bad openings", () => {
    expect(prompt).toMatch(/Good: /);
    expect(prompt.match(/Bad: /g)).toHaveLength(2);
  });
  it("keeps the markers the simulator reads: the task last, the persona before it", () => {
    expect(readSection(prompt, "your_task")).toBe(task.task);
    const withPersona = userAgentPrompt(task, "You are terse.");
    expect(readSection(withPersona, "persona")).toBe("You are terse.");
    expect(withPersona.indexOf("<persona>")).toBeLessThan(withPersona.indexOf("<your_task>"));
  });
});

describe("assistant briefing", () => {
  const briefing = assistantBriefing(task);
  it("states the method's rules", () => {
    expect(briefing).toMatch(/never answer from your own knowledge/);
    expect(briefing).toMatch(/check the results you already have/);
    expect(briefing).toMatch(/observation and thought/);
    expect(briefing).toMatch(/numbered step-by-step plan/);
    expect(briefing).toMatch(/independent/);
    expect(briefing).toMatch(/never invent them/);
    expect(briefing).toMatch(/ask the user one short question/);
    expect(briefing).toMatch(/returns an error/);
    expect(briefing).toMatch(/When a result is a list/);
  });
  it("shows the thought-then-call form in a worked example", () => {
    expect(briefing).toMatch(/Turn 1 thought: .*Plan: 1\./);
    expect(briefing).toMatch(/Turn 1 calls: /);
    expect(briefing).toMatch(/Turn 3 final answer: /);
  });
  it("ends with the sub-tasks as JSON, the marker the simulator reads, and no other tags", () => {
    expect(JSON.parse(readSection(briefing, "subtasks")!)).toHaveLength(task.subtasks.length);
    expect(briefing.match(/<[a-z_]+>/g)).toEqual(["<subtasks>"]);
    // The parallel switch lives in the public prompt; the briefing must not contain its marker.
    expect(briefing).not.toContain("call multiple functions in parallel");
  });
});

describe("tool agent prompt", () => {
  const spec = task.functions[0]!;
  const prompt = toolAgentPrompt(spec);
  it("asks for one JSON object fitting the responses, with guidance on lists and nested objects", () => {
    expect(prompt).toMatch(/one JSON object and nothing else/);
    expect(prompt).toMatch(/no Markdown fences/);
    expect(prompt).toMatch(/numbers as numbers/);
    expect(prompt).toMatch(/A list field \(type array\) holds 2 to 5 realistic items/);
    expect(prompt).toMatch(/A nested object/);
  });
  it("keeps the function and call markers", () => {
    expect(JSON.parse(readSection(prompt, "function")!)).toEqual(spec);
    expect(JSON.parse(readSection(toolCallPrompt("x", { a: 1 }), "call")!)).toEqual({ name: "x", arguments: { a: 1 } });
  });
});

describe("critic prompt", () => {
  it("lists the acceptance rules, an example, and the review tool", () => {
    const system = criticSystemPrompt();
    expect(system).toMatch(/addresses every part of the task/);
    expect(system).toMatch(/exactly as returned/);
    expect(system).toMatch(/no refusal, no needless question, no padding/);
    expect(system).toMatch(/Verdict: revise/);
    expect(system).toContain("submit_review");
    const request = criticRequest({ task, results: [], answer: "Done.", earlierFeedback: [] });
    expect(readSection(request, "answer")).toBe("Done.");
    expect(readSection(request, "task")).toBe(task.task);
  });
});
