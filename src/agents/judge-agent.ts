import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import { generateStructured } from "../models/structured-output.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import type { CorrectiveResult } from "./corrective-retry.js";
import type { CallOptions } from "./model-call.js";

/** The forced tools the judge answers through (the simulator recognises them by these names). */
export const JUDGE_TOOL_NAME = "submit_judgement";
export const PAIRWISE_JUDGE_TOOL_NAME = "submit_preference";

/** The named axes a trajectory is scored on, each from 1 (wrong) to 5 (right). */
export const JUDGE_AXES = ["task_completed", "arguments_correct", "results_faithful", "final_answer_correct", "user_natural"] as const;
export type JudgeAxis = (typeof JUDGE_AXES)[number];

export const JUDGE_AXIS_QUESTIONS: Record<JudgeAxis, string> = {
  task_completed: "Did the assistant complete every part of the user's task?",
  arguments_correct: "Is every argument value correct and in the right slot (taken from the user's words or an earlier result, never invented or swapped)?",
  results_faithful: "Are the tool results used faithfully (nothing misread, contradicted or made up), and are the results themselves coherent with their calls?",
  final_answer_correct: "Is the final answer correct: does it state only what the results and the user gave, and answer exactly what was asked?",
  user_natural: "Do the user turns read like a real person (no tool names, no JSON, no dictated steps)?",
};

const axisSchema = z.object({
  score: z.number().int().min(1).max(5).describe("1 = wrong, 3 = partly right, 5 = fully right"),
  reason: z.string().min(1).describe("one sentence naming the message and the value behind the score"),
});

export const judgementSchema = z.object(Object.fromEntries(JUDGE_AXES.map((axis) => [axis, axisSchema.describe(JUDGE_AXIS_QUESTIONS[axis])])) as Record<JudgeAxis, typeof axisSchema>);
export type Judgement = z.infer<typeof judgementSchema>;

export const pairwiseJudgementSchema = z.object({
  preferred: z.enum(["A", "B", "tie"]).describe("the better trajectory, or tie when neither is better"),
  reason: z.string().min(1).describe("one or two sentences naming what makes the preferred one better"),
});
export type PairwiseJudgement = z.infer<typeof pairwiseJudgementSchema>;

export function judgeSystemPrompt(): string {
  return [
    "You grade a recorded conversation in which an AI assistant used functions to serve a user. It will be used as training data,",
    "so grade strictly: a value the assistant could not have known, a result that contradicts its call, or an answer to a different question all lower the score.",
    "Score each axis from 1 to 5 and give, for each, one sentence naming the message number and the value behind the score:",
    ...JUDGE_AXES.map((axis) => `- ${axis}: ${JUDGE_AXIS_QUESTIONS[axis]}`),
    "Messages are numbered from 0 in the order given. Judge only from what the conversation shows.",
    `Answer by calling ${JUDGE_TOOL_NAME}.`,
  ].join("\n");
}

export function pairwiseSystemPrompt(): string {
  return [
    "You compare two recorded conversations, A and B, in which an AI assistant used functions to serve the same user task.",
    "Prefer the one whose argument values come from the user or earlier results, whose results are used faithfully, and whose final answer",
    "is correct and answers what was asked. Length and politeness do not matter. Say tie when neither is better.",
    `Answer by calling ${PAIRWISE_JUDGE_TOOL_NAME}.`,
  ].join("\n");
}

/** The part of a record the judge sees: the conversation and the functions, as JSON (no verdicts, usage or meta). */
export function judgedView(record: TrajectoryRecord): string {
  return JSON.stringify({ tools: record.tools, messages: record.messages });
}

export function judgeRequest(input: { record: TrajectoryRecord; task?: TaskRecord }): string {
  return [
    ...(input.task ? ["<task>", input.task.task, "</task>"] : []),
    "<trajectory>",
    judgedView(input.record),
    "</trajectory>",
  ].join("\n");
}

export function pairwiseRequest(input: { first: TrajectoryRecord; second: TrajectoryRecord; task?: TaskRecord }): string {
  return [
    ...(input.task ? ["<task>", input.task.task, "</task>"] : []),
    "<trajectory_a>",
    judgedView(input.first),
    "</trajectory_a>",
    "<trajectory_b>",
    judgedView(input.second),
    "</trajectory_b>",
  ].join("\n");
}

/** Score one trajectory on the named axes. */
export async function runJudge(input: {
  model: BaseChatModel;
  record: TrajectoryRecord;
  task?: TaskRecord;
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<Judgement>> {
  return generateStructured({
    model: input.model,
    name: JUDGE_TOOL_NAME,
    description: "Submit your scores and reasons for the conversation.",
    schema: judgementSchema,
    system: judgeSystemPrompt(),
    prompt: judgeRequest(input),
    maxRetries: input.maxRetries,
    call: { ...input.call, role: input.call?.role ?? "judge" },
  });
}

/** Say which of two trajectories of one task is better. */
export async function runPairwiseJudge(input: {
  model: BaseChatModel;
  first: TrajectoryRecord;
  second: TrajectoryRecord;
  task?: TaskRecord;
  maxRetries: number;
  call?: CallOptions;
}): Promise<CorrectiveResult<PairwiseJudgement>> {
  return generateStructured({
    model: input.model,
    name: PAIRWISE_JUDGE_TOOL_NAME,
    description: "Submit which conversation is better, and why.",
    schema: pairwiseJudgementSchema,
    system: pairwiseSystemPrompt(),
    prompt: pairwiseRequest(input),
    maxRetries: input.maxRetries,
    call: { ...input.call, role: input.call?.role ?? "judge" },
  });
}
