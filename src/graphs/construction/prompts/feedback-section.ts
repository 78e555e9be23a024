/** A stage's earlier answer and why it was turned down, for the one feedback round. */
export interface StageFeedback {
  /** The earlier answer, as JSON-plain data. */
  previous: unknown;
  /** Why it failed (the composition judge's reasoning, or the validation problems). */
  reason: string;
}

/**
 * The feedback block put before a stage's data sections (the data sections come last, where
 * the reader — and the simulator — looks for them). It shows the rejected answer and the
 * reason, and asks for a corrected answer rather than a patch.
 */
export function feedbackSection(feedback: StageFeedback | undefined): string[] {
  if (!feedback) return [];
  return [
    "Your previous answer for this input was turned down. Previous answer:",
    "<previous_answer>",
    JSON.stringify(feedback.previous),
    "</previous_answer>",
    "Why it was turned down:",
    "<feedback>",
    feedback.reason,
    "</feedback>",
    "Write a corrected answer that fixes every problem named above, following all the rules. Do not repeat the mistake.",
  ];
}
