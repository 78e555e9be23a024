import { messageText, readSection, type SimSkill } from "../sim-request.js";

export interface SimCriticSettings {
  /**
   * Share (0–1) of first answers sent back even when nothing is missing, chosen by the
   * model's seed and the answer — for data with more revisions. Default 0.
   */
  firstAnswerRejectRate?: number;
}

const CRITIC_TOOL_NAME = "submit_review";

/**
 * Plays the critic: it answers the forced `submit_review` call. An answer that leaves out a
 * value the tool results returned is sent back with feedback naming the values; a first
 * answer may also be sent back at `firstAnswerRejectRate`; anything else is accepted.
 * Error results are not values to report, so they are skipped.
 */
export function createSimCriticSkill(settings: SimCriticSettings = {}): SimSkill {
  const rate = settings.firstAnswerRejectRate ?? 0;
  return {
    name: "critic",
    matches: (request) => request.toolChoice === CRITIC_TOOL_NAME,
    respond(request) {
      const prompt = request.messages.map(messageText).join("\n");
      const answer = readSection(prompt, "answer") ?? "";
      const results = JSON.parse(readSection(prompt, "tool_results") ?? "[]") as Array<{ name: string; results: unknown }>;
      const firstReview = readSection(prompt, "earlier_feedback") === undefined;
      const missing = results
        .filter((entry) => !isErrorResult(entry.results))
        .flatMap((entry) => leaves(entry.results))
        .filter(([, value]) => !answer.toLowerCase().includes(String(value).toLowerCase()));
      let review = { verdict: "accept", feedback: "" };
      if (missing.length > 0) {
        const named = missing.slice(0, 3).map(([key, value]) => `the ${key.replace(/_/g, " ")} (${String(value)})`);
        review = { verdict: "revise", feedback: `You left out part of what you found: ${named.join(", ")}. Please give me the full answer with every value.` };
      } else if (firstReview && request.random.unit("critic-first-answer", answer) < rate) {
        review = { verdict: "revise", feedback: "Could you go over the results once more and give me a complete summary, with every value you found?" };
      }
      return { content: "", toolCalls: [{ name: CRITIC_TOOL_NAME, args: review }] };
    },
  };
}

/** The critic with its default settings (first answers are only sent back when a value is missing). */
export const simCriticSkill: SimSkill = createSimCriticSkill();

/** Scalar values worth reporting, with their field names (booleans and one-letter strings are skipped). */
function leaves(value: unknown, key = "result"): Array<[string, string | number]> {
  if (typeof value === "number") return [[key, value]];
  if (typeof value === "string") return value.trim().length > 1 ? [[key, value.trim()]] : [];
  if (Array.isArray(value)) return value.flatMap((entry) => leaves(entry, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([field, entry]) => leaves(entry, field));
  return [];
}

function isErrorResult(value: unknown): boolean {
  return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "error" in value;
}
