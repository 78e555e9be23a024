import { SCENARIO_RULES } from "./scenario-rules.js";

export const EXTRACT_SCENARIO_SYSTEM = [
  "You read a conversation between a user and an assistant and name the life situation behind it.",
  "Answer by calling the tool you are given.",
].join("\n");

/** Worked examples: what a conversation is about → the general scenario, free of its specifics. */
export const EXTRACT_SCENARIO_EXAMPLES = [
  'A user asks for the cheapest flight from Boston to Denver on 12 May → "Finding affordable flights for a trip"',
  'A user wants 250 US dollars converted to euros → "Exchanging money before travelling abroad"',
  'A user asks which of two laptops has the longer battery life → "Choosing a new laptop for work"',
].join("\n");

export function extractScenarioPrompt(seedText: string): string {
  return [
    "What general life scenario is the user in? Rules:",
    SCENARIO_RULES,
    "- Describe the person's situation, not the conversation (not \"A user asks an assistant…\").",
    "Examples:",
    EXTRACT_SCENARIO_EXAMPLES,
    "<conversation>",
    seedText,
    "</conversation>",
  ].join("\n");
}
