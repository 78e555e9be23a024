import type { CompositionExample, CompositionStrategy } from "../composition-strategies.js";
import { feedbackSection, type StageFeedback } from "./feedback-section.js";

export const COMPOSE_TASK_SYSTEM = [
  "You combine simple tasks into one realistic multi-step request that a person could give an assistant.",
  "Answer by calling the tool you are given.",
].join("\n");

/** A worked composition: the sub-tasks in plan order (the first is the given task) and the composite request. */
export type { CompositionExample };

/**
 * Worked examples for the built-in strategies, written for this project. A custom strategy
 * brings its own in `CompositionStrategy.examples`.
 */
export const COMPOSITION_EXAMPLES: Record<string, CompositionExample[]> = {
  sequential: [
    {
      subtasks: [
        "Find the ISBN of the novel 'The Left Hand of Darkness' by Ursula K. Le Guin.",
        "Check whether the Riverside Public Library has a copy with that ISBN available to borrow.",
      ],
      task: "Could you check whether the Riverside Public Library has 'The Left Hand of Darkness' by Ursula K. Le Guin available to borrow?",
    },
    {
      subtasks: ["Find the customer account registered to ana.silva@example.com.", "List the three most recent orders of the account found."],
      task: "Please show me the three most recent orders on the account registered to ana.silva@example.com.",
    },
    {
      subtasks: ["Get today's exchange rate from euros to Japanese yen.", "Work out how many yen 1,250 euros buys at that rate."],
      task: "How many Japanese yen would I get for 1,250 euros at today's exchange rate?",
    },
  ],
  "parallel-then-sequential": [
    {
      subtasks: [
        "Get the weather forecast for Porto on 14 June 2025.",
        "Find the price of a double room at Hotel Infante in Porto for the night of 14 June 2025.",
        "Book the room if the forecast is dry and the price is under 150 euros; otherwise say why not.",
      ],
      task: "I'm thinking of a night at Hotel Infante in Porto on 14 June 2025: if the weather looks dry and a double room is under 150 euros, please book it.",
    },
    {
      subtasks: [
        "Find the arrival time of train ICE 578 at Frankfurt Hauptbahnhof on 3 May 2025.",
        "List the buses from Frankfurt Hauptbahnhof to Frankfurt Airport on 3 May 2025.",
        "Pick the first bus that leaves at least 20 minutes after the train arrives.",
      ],
      task: "I arrive at Frankfurt Hauptbahnhof on train ICE 578 on 3 May 2025; which is the first bus to the airport I can catch with 20 minutes to spare?",
    },
    {
      subtasks: [
        "Get the current price of one AAPL share.",
        "Get the cash balance of brokerage account 4471-22.",
        "Buy 10 AAPL shares from account 4471-22 if the balance covers them.",
      ],
      task: "If my brokerage account 4471-22 has enough cash, please buy 10 AAPL shares with it.",
    },
  ],
  "sequential-chain": [
    {
      subtasks: [
        "Find the cheapest economy flight from Lisbon to Oslo on 2 March 2025.",
        "Book a seat on the flight found for Maria Lopez.",
        "Email the booking reference to maria.lopez@example.com.",
      ],
      task: "Please book Maria Lopez on the cheapest economy flight from Lisbon to Oslo on 2 March 2025 and email the booking reference to maria.lopez@example.com.",
    },
  ],
};

/** Rules for the parallel sub-task: it must be a second input the final step needs, not a side errand. */
export const PARALLEL_RULES = [
  "A parallel sub-task is independent of s1 (neither needs the other's result) but RELATED to it: it fetches a second",
  "input that the final sub-task needs together with s1's result (the weather in the destination city AND the hotel price",
  "there, then decide). Never pair two unrelated lookups and then \"compare the two results\".",
];

function renderExample(example: CompositionExample, strategy: CompositionStrategy, index: number): string {
  const slots = strategy.plan({ maxDepth: example.subtasks.length });
  const lines = example.subtasks.map((text, position) => {
    const slot = slots[position];
    const uses = slot && slot.depends_on.length > 0 ? `, uses ${slot.depends_on.join(" and ")}` : "";
    return `  ${slot?.id ?? `s${position + 1}`} (${slot?.role ?? "step"}${uses}): ${text}`;
  });
  return [`Example ${index + 1}:`, ...lines, `  Composite task: ${example.task}`].join("\n");
}

export function composeTaskPrompt(atomicTask: string, strategy: CompositionStrategy & { examples?: CompositionExample[] }, maxDepth: number, feedback?: StageFeedback): string {
  const slots = strategy.plan({ maxDepth });
  const plan = slots.map((slot, index) => (index === 0 ? { ...slot, text: atomicTask } : slot));
  const examples = strategy.examples ?? COMPOSITION_EXAMPLES[strategy.name] ?? [];
  const hasParallel = slots.some((slot) => slot.role === "parallel");
  return [
    `Compose a task with the "${strategy.name}" strategy: ${strategy.description}`,
    "Fill every slot of the plan after s1 (s1 is given). Rules:",
    "- Each new sub-task is realistic, concrete and doable in one step; it names no tool or function.",
    "- A sub-task that depends on another uses that one's result; say so (e.g. \"for the flight found\").",
    "- Sub-tasks may be reasoning steps (compare, calculate, decide) when that is natural.",
    "- The composite task is what the person would ask for as a whole, in one or two sentences: it states every concrete",
    "  value needed (names, places, dates, amounts) and does not list steps or name tools.",
    ...(hasParallel ? PARALLEL_RULES.map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`)) : []),
    ...(strategy.guidance ?? []).map((line) => `- ${line}`),
    ...(examples.length > 0 ? ["Worked examples (the shape to follow, not content to copy):", ...examples.map((example, index) => renderExample(example, strategy, index))] : []),
    ...feedbackSection(feedback),
    "<plan>",
    JSON.stringify(plan),
    "</plan>",
  ].join("\n");
}
