export const MAX_ATOMIC_WORDS = 30;

export const ATOMIC_TASK_SYSTEM = [
  "You write single, concrete requests that a person could give an assistant which has software functions at hand.",
  "Answer by calling the tool you are given.",
].join("\n");

/** Worked examples: good atomic tasks, and why some near-misses are not. */
export const ATOMIC_TASK_EXAMPLES = [
  'Scenario "Finding affordable flights for a trip" → "Find the cheapest economy flight from Lisbon to Oslo on 2 March 2025."',
  'Scenario "Exchanging money before travelling abroad" → "Convert 800 Swiss francs to Japanese yen at today\'s rate."',
  'Not atomic: "Find a flight to Oslo and book a hotel there" (two steps).',
  'Not self-contained: "Book my usual hotel" (which hotel? the assistant would have to ask).',
  'Names a solution: "Call the flight search API for Oslo" (say what is wanted, not how).',
].join("\n");

export function atomicTaskPrompt(scenario: string): string {
  return [
    "Write one task that fits the scenario below. Rules:",
    "- Realistic: something a person in this scenario would really want done.",
    "- Atomic: it can be done in a single step.",
    "- Self-contained: state every detail needed (names, places, dates, amounts); assume no personal context and leave",
    "  nothing to ask back.",
    "- Do not name any tool, function or solution; say what is wanted.",
    `- At most ${MAX_ATOMIC_WORDS} words.`,
    "Examples:",
    ATOMIC_TASK_EXAMPLES,
    "<scenario>",
    scenario,
    "</scenario>",
  ].join("\n");
}
