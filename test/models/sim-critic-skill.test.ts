import { HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { CRITIC_TOOL_NAME, criticRequest, criticSystemPrompt } from "../../src/agents/critic-agent.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import type { SimRequest } from "../../src/models/sim/sim-request.js";
import { createSimCriticSkill, simCriticSkill } from "../../src/models/sim/skills/index.js";
import { bookTask } from "../helpers/fixtures.js";

function request(answer: string, results: unknown[], earlierFeedback: string[] = [], seed = 0): SimRequest {
  const prompt = criticRequest({ task: bookTask(), results: results.map((entry) => ({ name: "f", arguments: {}, results: entry })), answer, earlierFeedback });
  return {
    system: criticSystemPrompt(),
    messages: [new HumanMessage(prompt)],
    tools: [],
    toolChoice: CRITIC_TOOL_NAME,
    random: new SeededRandom(seed),
  };
}

const verdictOf = (reply: ReturnType<typeof simCriticSkill.respond>) => reply.toolCalls![0]!.args as { verdict: string; feedback: string };

describe("simulated critic", () => {
  it("answers only the forced review call", () => {
    expect(simCriticSkill.matches(request("x", []))).toBe(true);
    expect(simCriticSkill.matches({ ...request("x", []), toolChoice: undefined })).toBe(false);
  });

  it("names the values the answer leaves out, skipping error results", () => {
    const results = [{ author: "Ann Lee", publication_year: 1999 }, { error: { type: "timeout", message: "slow" } }];
    const reply = verdictOf(simCriticSkill.respond(request("Ann Lee wrote it.", results)));
    expect(reply.verdict).toBe("revise");
    expect(reply.feedback).toBe("You left out part of what you found: the publication year (1999). Please give me the full answer with every value.");
    expect(verdictOf(simCriticSkill.respond(request("Ann Lee wrote it in 1999.", results)))).toEqual({ verdict: "accept", feedback: "" });
  });

  it("sends first answers back at the configured rate, never a revision", () => {
    const results = [{ author: "Ann Lee" }];
    const always = createSimCriticSkill({ firstAnswerRejectRate: 1 });
    expect(verdictOf(always.respond(request("Ann Lee.", results))).verdict).toBe("revise");
    expect(verdictOf(always.respond(request("Ann Lee.", results, ["Please be complete."]))).verdict).toBe("accept");
    const half = createSimCriticSkill({ firstAnswerRejectRate: 0.5 });
    const verdicts = Array.from({ length: 40 }, (_, seed) => verdictOf(half.respond(request("Ann Lee.", results, [], seed))).verdict);
    expect(verdicts).toContain("revise");
    expect(verdicts).toContain("accept");
    expect(Array.from({ length: 40 }, (_, seed) => verdictOf(half.respond(request("Ann Lee.", results, [], seed))).verdict)).toEqual(verdicts);
  });
});
