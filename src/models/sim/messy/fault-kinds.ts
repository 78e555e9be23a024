/**
 * The faults the messy simulator injects: what real models (GPT-4o-mini, Qwen, Llama on vLLM)
 * get wrong in the prompts of this library. Format faults are repaired by the parser; the rest
 * are caught by a check and retried with feedback, or the item is rejected under the fault's name.
 */
export const FAULT_KINDS = [
  // JSON text (tool results, structured answers written as text)
  "code-fence",
  "trailing-prose",
  "single-quotes",
  "comments",
  "numeric-string",
  // assistant turns
  "missing-argument",
  "unknown-function",
  "empty-thought",
  "premature-final",
  "clarifying-question",
  "refusal",
  "over-long",
  // user turns
  "user-names-function",
  "user-solves-task",
  // construction stages
  "unrelated-subtask",
  "inconsistent-functions",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a leaked fault would leave in a record; a test looks for it in every accepted record. */
export type FaultEvidence =
  | { text: string }
  | { call: string; missing?: string }
  | { call: string; argument: string; value: string }
  | { empty_thought: true }
  | { stage: string };

/** One line of `faults.jsonl`. */
export interface InjectedFault {
  kind: FaultKind;
  /** The task's id when the caller passed it in the run metadata, else a fingerprint of the prompt. */
  task: string;
  /** Position of the faulty reply in the conversation (messages before it, system excluded). */
  turn: number;
  /** The simulator skill whose answer was spoiled (`assistant`, `user`, `tool`, `construction-…`). */
  role: string;
  evidence: FaultEvidence;
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}
