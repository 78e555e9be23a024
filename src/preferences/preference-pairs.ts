import type { CriticMeta } from "../agents/critic-agent.js";
import { stableId } from "../schema/stable-id.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import type { PreferenceRecord } from "./preference-record.js";

/**
 * The preference pairs in one trajectory: every answer the critic sent back, paired with the
 * answer it accepted in the end. Nothing comes from a rejected trajectory or one whose last
 * answer the critic did not accept. A pair is skipped when the assistant called functions
 * between the two answers: the accepted answer would cite results its prompt never shows.
 */
export function preferencePairs(record: TrajectoryRecord, settings: { critic?: string } = {}): PreferenceRecord[] {
  if (record.reason !== undefined) return [];
  const roles = (record.meta.roles ?? {}) as Record<string, unknown>;
  const reviews = (roles[settings.critic ?? "critic"] as CriticMeta | undefined)?.reviews ?? [];
  const last = reviews.at(-1);
  // Review indices count from the first message after the system prompt.
  const chosenIndex = record.messages.length - 1;
  if (!last || last.verdict !== "accept" || last.answer_index + 1 !== chosenIndex) return [];
  const chosen = record.messages[chosenIndex]!;
  const pairs: PreferenceRecord[] = [];
  reviews.forEach((review, position) => {
    if (review.verdict !== "revise" || review.feedback_index === undefined) return;
    const rejectedIndex = review.answer_index + 1;
    const between = record.messages.slice(rejectedIndex + 1, chosenIndex);
    if (between.some((message) => message.role === "assistant" && (message.tool_calls?.length ?? 0) > 0)) return;
    const round = reviews.slice(0, position + 1).filter((entry) => entry.verdict === "revise").length;
    pairs.push({
      id: stableId("pref", { trajectory_id: record.id, round }),
      prompt: record.messages.slice(0, rejectedIndex),
      chosen: [chosen],
      rejected: [record.messages[rejectedIndex]!],
      tools: record.tools,
      meta: { task_id: record.task_id, trajectory_id: record.id, feedback: review.feedback, round },
    });
  });
  return pairs;
}
