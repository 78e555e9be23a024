import { Annotation } from "@langchain/langgraph";
import type { TaskRecord } from "../../schema/task.js";
import type { Message, Usage } from "../../schema/trajectory.js";
import { emptyUsage, mergeUsage } from "../../schema/trajectory.js";

export type TrajectoryStatus = "running" | "accepted" | "rejected";
export type NextStep = "user" | "assistant" | "tools" | "end";

/**
 * The trajectory graph's state. Everything is plain JSON (canonical messages, not LangChain
 * message objects), so it checkpoints cleanly and exports without random ids.
 */
export const TrajectoryState = Annotation.Root({
  task: Annotation<TaskRecord>(),
  /** The conversation without the system message, in canonical (OpenAI-style) form. */
  messages: Annotation<Message[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  next: Annotation<NextStep>({ reducer: (_, right) => right, default: () => "user" }),
  status: Annotation<TrajectoryStatus>({ reducer: (_, right) => right, default: () => "running" }),
  reason: Annotation<string | undefined>({ reducer: (_, right) => right, default: () => undefined }),
  assistantTurns: Annotation<number>({ reducer: (left, right) => left + right, default: () => 0 }),
  usage: Annotation<Usage>({ reducer: mergeUsage, default: emptyUsage }),
  /** Model-behaviour errors that corrective retries recovered from (kept in `meta`). */
  recovered: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  /** Results by function and canonical arguments: the same call returns the same result. */
  toolCache: Annotation<Record<string, string>>({ reducer: (left, right) => ({ ...left, ...right }), default: () => ({}) }),
});

export type TrajectoryStateValue = typeof TrajectoryState.State;
export type TrajectoryUpdate = typeof TrajectoryState.Update;
