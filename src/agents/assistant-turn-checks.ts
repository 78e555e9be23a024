import { ModelBehaviorError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { Message } from "../schema/trajectory.js";
import type { FunctionCatalog } from "../tools/function-catalog.js";
import { isToolErrorResult } from "../tools/tool-error-result.js";
import type { CheckedTurn } from "../schema/assistant-turn.js";

/** Phrases of a model declining the request; an assistant with the right functions never needs them. */
const REFUSAL =
  /\b(i(?:'m| am) (?:sorry|afraid),? but i (?:can(?:'|no)t|cannot|am unable to|won't)|i (?:can(?:'|no)t|cannot|am unable to|won't) (?:help|assist|do that|comply|provide)|as an ai(?: language model)?,? i (?:can(?:'|no)t|cannot|don't))/i;

/** Most words a final answer may have: a generous summary of what the functions returned. */
export function answerWordLimit(resultWords: number): number {
  return 250 + 2 * resultWords;
}

/**
 * Behaviour that parses fine but would teach the wrong thing, caught before a turn enters the
 * trajectory: calls without a thought, a refusal, a final answer before any function was
 * called while sub-tasks need them, a clarifying question when the user already gave every detail,
 * an answer padded far past what the results hold. Each throws a ModelBehaviorError named
 * after the fault, so it is retried with feedback and, if it persists, the task is rejected
 * under that name. Negative variants (`task.variant`) change what a right turn looks like, so
 * only the checks that hold for every task run on them.
 */
export function checkTurnBehaviour(turn: CheckedTurn, context: { task: TaskRecord; catalog: FunctionCatalog; messages: Message[] }): void {
  const { task, catalog, messages } = context;
  const variant = (task as { variant?: unknown }).variant;
  const ordinary = variant === undefined;
  // Only a missing-info task leaves a value out on purpose; on every other task a question the user already answered is a fault.
  const questionsExpected = variant === "missing-info";
  if (turn.kind === "calls") {
    if (turn.thought.trim() === "") {
      throw new ModelBehaviorError(
        "empty-thought",
        "You called functions without writing your observation and thought first. Say briefly what you know so far and why these calls come next, then make the calls.",
      );
    }
    return;
  }
  const text = turn.kind === "final" ? turn.answer : turn.text;
  if (REFUSAL.test(text)) {
    throw new ModelBehaviorError(
      "refusal",
      "You declined the request, but you have the functions to do it. Carry on with the task: call the next function, or give the final answer from the results.",
    );
  }
  const called = messages.some((message) => message.role === "tool");
  if (turn.kind === "question") {
    if (!questionsExpected && !called && userGaveEveryDetail(task, messages)) {
      throw new ModelBehaviorError(
        "clarifying-question",
        "The user already gave every detail the task needs; do not ask. Start with the first function call.",
      );
    }
    return;
  }
  // Answering before any function ran is answering from knowledge. A final answer later that
  // skips a sub-task is left to the record's coverage check, which rejects it.
  if (ordinary && !called) {
    const open = unservedSubtasks(task, catalog, messages);
    if (open.length > 0) {
      throw new ModelBehaviorError(
        "premature-final",
        `You gave a final answer before finishing the task: ${open.map((subtask) => `"${subtask.text}"`).join("; ")} still needs ${open
          .map((subtask) => subtask.functions.filter((name) => catalog.get(name)).join(" or "))
          .join(", ")}. Call the function first; answer only from results.`,
      );
    }
  }
  const resultWords = messages.filter((message) => message.role === "tool").reduce((sum, message) => sum + wordCount(message.content ?? ""), 0);
  const limit = answerWordLimit(resultWords);
  if (wordCount(turn.answer) > limit) {
    throw new ModelBehaviorError(
      "over-long",
      `Your final answer has ${wordCount(turn.answer)} words, far more than the results call for (at most ${limit}). Give a concise answer that reports the values found.`,
    );
  }
}

/**
 * Sub-tasks with functions in the catalog that are not served yet: none of their functions
 * returned a result, and none failed twice (after a second failure, reporting it is right).
 */
export function unservedSubtasks(task: TaskRecord, catalog: FunctionCatalog, messages: Message[]) {
  const outcomes = new Map<string, { results: number; failures: number }>();
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
    if (message.role === "tool") {
      const name = names.get(message.tool_call_id) ?? message.name ?? "";
      const outcome = outcomes.get(name) ?? { results: 0, failures: 0 };
      if (isToolErrorResult(message.content)) outcome.failures++;
      else outcome.results++;
      outcomes.set(name, outcome);
    }
  }
  return task.subtasks.filter((subtask) => {
    const available = subtask.functions.filter((name) => catalog.get(name));
    if (available.length === 0) return false;
    return !available.some((name) => {
      const outcome = outcomes.get(name);
      return outcome !== undefined && (outcome.results > 0 || outcome.failures >= 2);
    });
  });
}

/** The concrete values a task states: numbers, quoted text and capitalised names. */
export function keyValues(text: string): string[] {
  const numbers = text.match(/\d+(?:[.,:/-]\d+)*/g) ?? [];
  const quoted = [...text.matchAll(/["“']([^"”']{2,60})["”']/g)].map((match) => match[1]!);
  // Capitalised words that do not start a sentence are names (people, places, titles).
  const names = [...text.matchAll(/(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]+(?:\s[A-Z][a-zA-Z]+)*)/g)].map((match) => match[1]!);
  return [...new Set([...numbers, ...quoted, ...names].map((value) => value.trim()).filter((value) => value.length > 1))];
}

function userGaveEveryDetail(task: TaskRecord, messages: Message[]): boolean {
  const said = messages
    .filter((message) => message.role === "user")
    .map((message) => message.content)
    .join("\n")
    .toLowerCase();
  const values = keyValues(task.task);
  if (values.length === 0) return false;
  return values.every((value) => said.includes(value.toLowerCase()));
}

function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}
