import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerConstructCommand } from "../../src/cli/commands/construct.js";
import { constructTasks } from "../../src/graphs/construct-tasks.js";
import { MessySimChatModel } from "../../src/models/sim/messy/index.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import type { SimSkill } from "../../src/models/sim/sim-request.js";
import { constructionSimSkills } from "../../src/models/sim/skills/construction/index.js";
import { scriptedSkill } from "./scripted-skills.js";

const fixtures = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));
const simModel = (seed: number, override: SimSkill[] = []) => new SimChatModel({ seed, skills: [...override, ...constructionSimSkills()] });

/** A judge that turns down the first composition of every candidate, then judges as the simulator does. */
function strictFirstJudge(): SimSkill & { prompts: string[] } {
  const real = constructionSimSkills().find((skill) => skill.name === "construction-check-composition")!;
  const prompts: string[] = [];
  return {
    name: "strict-first-judge",
    prompts,
    matches: (request) => request.toolChoice === "judge_composition",
    respond(request) {
      const prompt = String(request.messages[0]!.content);
      prompts.push(prompt);
      // The recomposition repeats the composite task; a first look is one without an earlier "no" for it.
      const seen = prompts.filter((earlier) => earlier.slice(earlier.lastIndexOf("<composite_task>")) === prompt.slice(prompt.lastIndexOf("<composite_task>")));
      if (seen.length === 1) {
        return { content: "", toolCalls: [{ name: "judge_composition", args: { reasoning: "Sub-task s2 is too loosely tied to s1; say which result it uses.", verdict: "no" } }] };
      }
      return real.respond(request);
    },
  };
}

describe("the feedback loop", () => {
  it("sends a candidate the judge turns down back to the composer once, with the reason, and keeps it when it passes", async () => {
    const judge = strictFirstJudge();
    const composer = constructionSimSkills().find((skill) => skill.name === "construction-compose-task")!;
    const composerPrompts: string[] = [];
    const recordingComposer: SimSkill = { ...composer, respond: (request) => (composerPrompts.push(String(request.messages[0]!.content)), composer.respond(request)) };
    const result = await constructTasks({ seeds: fixtures, count: 4, model: simModel(3, [judge, recordingComposer]), strategyMix: { sequential: 1 } });
    expect(result.tasks).toHaveLength(4);
    expect(result.stats.feedbackRounds).toBeGreaterThanOrEqual(4);
    expect(result.stats.rescuedByFeedback).toBeGreaterThanOrEqual(4);
    expect(result.stats.tasksRescued).toBe(4);
    for (const task of result.tasks) {
      expect(task.meta.checks).toMatchObject({ composition: "yes", feedback: [{ stage: "composition-check", reason: expect.stringContaining("too loosely tied") }] });
    }
    const resent = composerPrompts.filter((prompt) => prompt.includes("<feedback>"));
    expect(resent.length).toBe(result.stats.feedbackRounds);
    expect(resent.every((prompt) => prompt.includes("too loosely tied") && prompt.indexOf("<feedback>") < prompt.lastIndexOf("<plan>"))).toBe(true);
  });

  it("regenerates functions that fail validation once, with every problem named", async () => {
    const disconnected = {
      functions: [
        { name: "find_book", description: "Find a book by title.", parameters: { title: { type: "string", description: "Title" } }, required: ["title"], responses: { isbn: { type: "string", description: "ISBN" } } },
        { name: "check_stock", description: "Check a library's stock.", parameters: { code: { type: "string", description: "Code" } }, required: ["code"], responses: { available: { type: "boolean", description: "In stock" } } },
      ],
      subtasks: [
        { id: "s1", kind: "action", functions: ["find_book"] },
        { id: "s2", kind: "action", functions: ["check_stock"] },
      ],
    };
    const connected = { ...disconnected, functions: [disconnected.functions[0], { ...disconnected.functions[1], parameters: { isbn: { type: "string", description: "ISBN" } }, required: ["isbn"] }] };
    const functions = scriptedSkill("define_functions", [disconnected, connected]);
    const judge = scriptedSkill("judge_composition", [{ reasoning: "Fine.", verdict: "yes" }]);
    const result = await constructTasks({ seeds: fixtures, count: 1, concurrency: 1, model: simModel(1, [functions, judge]), strategyMix: { sequential: 1 } });
    expect(result.tasks).toHaveLength(1);
    expect(result.stats).toMatchObject({ feedbackRounds: 1, rescuedByFeedback: 1, tasksRescued: 1, validationFailed: 0 });
    expect(functions.prompts[1]).toContain("nothing connects s1 → s2");
    expect(result.tasks[0]!.meta.checks).toMatchObject({ validation: "passed", feedback: [{ stage: "validation" }] });
  });
});

describe("--count means tasks written", () => {
  function program(log: string[]) {
    const root = new Command("button").exitOverride().configureOutput({ writeErr: () => undefined });
    registerConstructCommand(root, { log: (line) => log.push(line) });
    return root;
  }

  for (const model of ["sim", "sim:messy"]) {
    it(`writes exactly N tasks with --model ${model} and says how many candidates it took`, async () => {
      const out = mkdtempSync(join(tmpdir(), "button-count-"));
      const log: string[] = [];
      await program(log).parseAsync(["construct", "--seeds", fixtures, "--out", out, "--count", "12", "--model", model, "--seed", "5"], { from: "user" });
      const lines = readFileSync(join(out, "tasks.jsonl"), "utf8").trim().split("\n");
      expect(lines).toHaveLength(12);
      const manifest = JSON.parse(readFileSync(join(out, "construction.json"), "utf8"));
      expect(manifest.stats.tasksAccepted).toBe(12);
      expect(manifest.stats.attempts).toBeGreaterThanOrEqual(12);
      expect(manifest.stats.attempts).toBeLessThanOrEqual(60);
      expect(log).toContain(`candidates tried: ${manifest.stats.attempts}`);
      expect(log).toContain("tasks written: 12");
      expect(Object.values(manifest.written.strategies as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(12);
      if (model === "sim:messy") expect(Object.values(manifest.faults as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    });
  }

  it("stops at the attempt cap when candidates keep failing, and says so", async () => {
    const judge = scriptedSkill("judge_composition", [{ reasoning: "No real dependency.", verdict: "no" }]);
    const result = await constructTasks({ seeds: fixtures, count: 3, maxAttemptsPerTask: 2, model: simModel(1, [judge]) });
    expect(result.tasks).toHaveLength(0);
    expect(result.stats.attempts).toBe(6);
    expect(result.rejected).toHaveLength(6);
  });

  it("the messy simulator's construction faults are repaired or sent back, and N tasks are still written", async () => {
    const model = new MessySimChatModel({ seed: 2, rate: 0.3 });
    const result = await constructTasks({ seeds: fixtures, count: 10, model });
    expect(result.tasks).toHaveLength(10);
    expect(model.faults.length).toBeGreaterThan(0);
  });
});
