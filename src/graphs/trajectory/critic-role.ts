import { runCriticReview, type CriticMeta, type CriticReview } from "../../agents/critic-agent.js";
import { UserError } from "../../errors.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { roleMeta } from "./trajectory-role.js";
import { rejectOnModelBehavior } from "./rejection.js";
import { usageFor } from "./usage-update.js";

export interface CriticSettings {
  /** Node name and model key (default `critic`; falls back to the assistant's model). */
  name?: string;
  /** How many times the critic may send an answer back (default 1). */
  maxRounds?: number;
  /** When the last allowed revision still fails: reject the trajectory (default) or accept it as it is. */
  onLimit?: "reject" | "accept";
}

/**
 * A critic between the assistant's final answer and the end: it reviews the answer against
 * the task and the tool results and, if it falls short, sends it back — at most `maxRounds`
 * times. Its feedback enters the conversation as a **user** turn (every training format and
 * chat template has one; a mid-dialogue system turn breaks many), so the record teaches the
 * model to revise when a user points out a gap. Place it with
 * `builder.addRole(criticRole(), { between: ["assistant", "end"] })`.
 */
export function criticRole(settings: CriticSettings = {}): TrajectoryRole {
  const name = settings.name ?? "critic";
  const maxRounds = settings.maxRounds ?? 1;
  if (!Number.isInteger(maxRounds) || maxRounds < 0) {
    throw new UserError(`criticRole: maxRounds must be a whole number ≥ 0, got ${maxRounds}.`, { code: "invalid-config", field: "maxRounds" });
  }
  return {
    name,
    routes: ["assistant", "end"],
    settings: { maxRounds, onLimit: settings.onLimit ?? "reject" },
    async run(state, { model, options, call }) {
      const answerIndex = state.messages.length - 1;
      const answer = state.messages[answerIndex];
      // Only a final answer is reviewed; anything else passes through.
      if (state.status !== "accepted" || answer?.role !== "assistant" || answer.tool_calls?.length) return { next: "end" };
      const reviews = roleMeta<CriticMeta>(state, name)?.reviews ?? [];
      const earlierFeedback = reviews.filter((review) => review.verdict === "revise").map((review) => review.feedback);
      try {
        const result = await runCriticReview({
          model,
          task: state.task,
          messages: state.messages,
          answer: answer.content ?? "",
          earlierFeedback,
          maxRetries: options.maxRetries,
          call,
        });
        const common = { usage: usageFor(name, result.usage), recovered: result.errors.map((error) => `${name}: ${error.code}`) };
        const { verdict, feedback } = result.value;
        if (verdict === "accept") {
          const meta: CriticMeta = { reviews: [...reviews, { verdict, feedback: feedback.trim(), answer_index: answerIndex }] };
          return { ...common, meta: { [name]: meta }, next: "end" };
        }
        if (earlierFeedback.length < maxRounds) {
          const review: CriticReview = { verdict, feedback: feedback.trim(), answer_index: answerIndex, feedback_index: answerIndex + 1 };
          return {
            ...common,
            messages: [{ role: "user", content: feedback.trim() }],
            meta: { [name]: { reviews: [...reviews, review] } satisfies CriticMeta },
            status: "running",
            next: "assistant",
          };
        }
        const meta: CriticMeta = { reviews: [...reviews, { verdict, feedback: feedback.trim(), answer_index: answerIndex }] };
        if (settings.onLimit === "accept") return { ...common, meta: { [name]: meta }, next: "end" };
        return {
          ...common,
          meta: { [name]: meta },
          status: "rejected",
          reason: `critic: the answer still falls short after ${maxRounds} revision${maxRounds === 1 ? "" : "s"}: ${feedback.trim()}`,
          next: "end",
        };
      } catch (error) {
        return rejectOnModelBehavior(error, name);
      }
    },
  };
}
