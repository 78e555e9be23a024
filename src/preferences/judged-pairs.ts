import type { PairwiseJudgement } from "../agents/judge-agent.js";
import { stableId } from "../schema/stable-id.js";
import type { Message, TrajectoryRecord } from "../schema/trajectory.js";
import type { PreferenceRecord } from "./preference-record.js";

/**
 * A preference pair from two trajectories of one task that a judge compared: the prompt is
 * what both share (the system prompt and the conversation up to where they part, at least the
 * first user turn), `chosen` the rest of the preferred one, `rejected` the rest of the other.
 * None when the judge saw a tie, the two belong to different tasks, or they never part.
 */
export function judgedPreferencePair(first: TrajectoryRecord, second: TrajectoryRecord, judgement: PairwiseJudgement): PreferenceRecord | undefined {
  if (judgement.preferred === "tie" || first.task_id !== second.task_id) return undefined;
  const [chosen, rejected] = judgement.preferred === "A" ? [first, second] : [second, first];
  let shared = 0;
  while (shared < chosen.messages.length && shared < rejected.messages.length && sameMessage(chosen.messages[shared]!, rejected.messages[shared]!)) shared++;
  const firstUser = chosen.messages.findIndex((message) => message.role === "user");
  // A prompt ends on a user or tool turn, so the answers start with the assistant.
  while (shared > 0 && chosen.messages[shared - 1]!.role === "assistant") shared--;
  if (shared <= firstUser || shared >= chosen.messages.length || shared >= rejected.messages.length) return undefined;
  return {
    id: stableId("pref", { chosen: chosen.id, rejected: rejected.id }),
    prompt: chosen.messages.slice(0, shared),
    chosen: chosen.messages.slice(shared),
    rejected: rejected.messages.slice(shared),
    tools: chosen.tools,
    meta: { task_id: chosen.task_id, trajectory_id: chosen.id, rejected_trajectory_id: rejected.id, feedback: judgement.reason, round: 1, source: "judge" },
  };
}

function sameMessage(left: Message, right: Message): boolean {
  if (left.role !== right.role || left.content !== right.content) return false;
  if (left.role === "assistant" && right.role === "assistant") {
    const calls = (message: typeof left) => JSON.stringify((message.tool_calls ?? []).map((call) => [call.function.name, call.function.arguments]));
    return calls(left) === calls(right);
  }
  return true;
}
