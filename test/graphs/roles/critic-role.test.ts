import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CRITIC_TOOL_NAME } from "../../../src/agents/critic-agent.js";
import { trajectoryGraph } from "../../../src/graphs/trajectory-graph-builder.js";
import { criticRole, type CriticSettings } from "../../../src/graphs/trajectory/critic-role.js";
import { resolveRoleModels } from "../../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../../src/models/scripted-chat-model.js";
import { SimChatModel } from "../../../src/models/sim/sim-chat-model.js";
import { createSimCriticSkill, defaultSimSkills } from "../../../src/models/sim/skills/index.js";
import { preferencePairs } from "../../../src/preferences/preference-pairs.js";
import { trajectorySchema, type TrajectoryRecord } from "../../../src/schema/trajectory.js";
import { realTool } from "../../../src/tools/real-tool.js";
import { bookTask, exampleTasks } from "../../helpers/fixtures.js";

// Scripted assistants below: give the critic its own model (it would share the assistant's otherwise).
const sim = () => ({ ...resolveRoleModels(), critic: new SimChatModel() });
const task = bookTask();
const lookup = realTool({
  name: "get_book_author",
  input: z.object({ title: z.string() }),
  run: () => ({ author: "Ann Lee", publication_year: 1999 }),
});
const callAuthor = { content: "Looking it up.", tool_calls: [{ name: "get_book_author", args: { title: "The Silent Orchard" } }] };
const withCritic = (settings: CriticSettings = {}) => trajectoryGraph().addRole(criticRole(settings), { between: ["assistant", "end"] });
const reviews = (record: TrajectoryRecord) => (record.meta.roles as { critic: { reviews: Array<{ verdict: string; feedback: string }> } }).critic.reviews;
const content = (record: TrajectoryRecord, index: number) => (record.messages.at(index) as { content: string }).content;

describe("critic role", () => {
  it("sends back an answer that omits a tool result, as a user turn, and accepts the revision", async () => {
    const assistant = new ScriptedChatModel([callAuthor, "The book was written by Ann Lee.", "Ann Lee wrote it; it was first published in 1999."]);
    const record = await withCritic().simulate(task, { models: { ...sim(), assistant }, realTools: { get_book_author: lookup } });
    trajectorySchema.parse(record);
    expect(record.reason).toBeUndefined();
    expect(record.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user", "assistant"]);
    expect(content(record, 5)).toMatch(/You left out .*publication year \(1999\)/);
    expect(reviews(record).map((review) => review.verdict)).toEqual(["revise", "accept"]);
    // The assistant saw the feedback as the user's words.
    expect(String(assistant.calls[2]!.messages.at(-1)!.content)).toBe(content(record, 5));
    expect(record.usage?.by_role.critic?.completion_tokens).toBeGreaterThan(0);
    expect(record.meta.assistant_turns).toBe(3);
  });

  it("gives the critic the task, the tool results and the answer, through the forced review tool", async () => {
    const assistant = new ScriptedChatModel([callAuthor, "Ann Lee, 1999."]);
    const critic = new ScriptedChatModel([{ tool_calls: [{ name: CRITIC_TOOL_NAME, args: { verdict: "accept", feedback: "" } }] }]);
    const record = await withCritic().simulate(task, { models: { ...sim(), assistant, critic }, realTools: { get_book_author: lookup } });
    expect(record.reason).toBeUndefined();
    const [system, prompt] = critic.calls[0]!.messages.map((message) => String(message.content));
    expect(system).toContain("Write the feedback as the user would say it");
    expect(prompt).toContain(`<task>\n${task.task}\n</task>`);
    expect(prompt).toContain('"results":{"author":"Ann Lee","publication_year":1999}');
    expect(prompt).toContain("<answer>\nAnn Lee, 1999.\n</answer>");
    expect(prompt).not.toContain("<earlier_feedback>");
    expect(critic.calls[0]!.toolChoice).toMatchObject({ function: { name: CRITIC_TOOL_NAME } });
  });

  it("retries a review that asks for a revision without saying what to fix", async () => {
    const assistant = new ScriptedChatModel([callAuthor, "Ann Lee, 1999."]);
    const critic = new ScriptedChatModel([
      { tool_calls: [{ name: CRITIC_TOOL_NAME, args: { verdict: "revise", feedback: " " } }] },
      { tool_calls: [{ name: CRITIC_TOOL_NAME, args: { verdict: "accept", feedback: "" } }] },
    ]);
    const record = await withCritic().simulate(task, { models: { ...sim(), assistant, critic }, realTools: { get_book_author: lookup } });
    expect(record.reason).toBeUndefined();
    expect(record.meta.recovered_errors).toEqual(["critic: unparseable-output"]);
  });

  it("sends an answer back at most maxRounds times, then rejects (or accepts with onLimit)", async () => {
    const stubborn = () => new ScriptedChatModel([callAuthor, "Ann Lee.", "Ann Lee.", "Ann Lee.", "Ann Lee."]);
    const rejected = await withCritic({ maxRounds: 2 }).simulate(task, { models: { ...sim(), assistant: stubborn() }, realTools: { get_book_author: lookup } });
    expect(rejected.reason).toMatch(/^critic: the answer still falls short after 2 revisions: You left out/);
    expect(rejected.messages.filter((message) => message.role === "user")).toHaveLength(3);
    expect(reviews(rejected).map((review) => review.verdict)).toEqual(["revise", "revise", "revise"]);
    expect(preferencePairs(rejected)).toEqual([]);

    const accepted = await withCritic({ maxRounds: 1, onLimit: "accept" }).simulate(task, {
      models: { ...sim(), assistant: stubborn() },
      realTools: { get_book_author: lookup },
    });
    expect(accepted.reason).toBeUndefined();
    expect(accepted.messages.filter((message) => message.role === "user")).toHaveLength(2);
    expect(preferencePairs(accepted)).toEqual([]);
  });

  it("never runs on a rejected trajectory", async () => {
    const critic = new ScriptedChatModel([]);
    const assistant = new ScriptedChatModel(Array.from({ length: 3 }, () => callAuthor));
    const record = await withCritic().simulate(task, { models: { ...sim(), assistant, critic }, maxTurns: 2, realTools: { get_book_author: lookup } });
    expect(record.reason).toMatch(/^turn-limit/);
    expect(critic.calls).toHaveLength(0);
  });

  it("on the simulator: complete answers pass; with a first-answer reject rate of 1 each gets one revision", async () => {
    const tasks = exampleTasks().slice(0, 6);
    for (const protocol of ["native", "tagged"] as const) {
      for (const sample of tasks) {
        const plain = await withCritic().simulate(sample, { models: sim(), protocol });
        expect(plain.reason, sample.id).toBeUndefined();
        expect(reviews(plain).map((review) => review.verdict), sample.id).toEqual(["accept"]);

        const critic = new SimChatModel({ skills: [createSimCriticSkill({ firstAnswerRejectRate: 1 }), ...defaultSimSkills()] });
        const strict = await withCritic().simulate(sample, { models: { ...sim(), critic }, protocol });
        expect(strict.reason, sample.id).toBeUndefined();
        expect(reviews(strict).map((review) => review.verdict), sample.id).toEqual(["revise", "accept"]);
        expect(strict.messages.at(-2)!.role).toBe("user");
        expect(content(strict, -1)).toMatch(/complete summary/);
        expect(preferencePairs(strict)).toHaveLength(1);
      }
    }
  });
});
