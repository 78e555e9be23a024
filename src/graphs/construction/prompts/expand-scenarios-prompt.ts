import { SCENARIO_RULES } from "./scenario-rules.js";

/** Known scenarios shown to the model so it does not propose them again. */
export const MAX_AVOID = 12;

export const EXPAND_SCENARIOS_SYSTEM = [
  "You invent new everyday life scenarios from an example, for building realistic assistant tasks.",
  "Answer by calling the tool you are given.",
].join("\n");

export const EXPAND_SCENARIOS_EXAMPLE = [
  'From "Finding affordable flights for a trip":',
  '- change the action: "Rebooking a cancelled flight", "Choosing a seat for a long flight";',
  '- change the subject: "Finding affordable train tickets for a trip", "Finding a hotel near the conference venue".',
].join("\n");

export function expandScenariosPrompt(scenario: string, count: number, avoid: string[]): string {
  return [
    `Write ${count} new scenarios based on the one below. Each new scenario changes the action or the subject of the`,
    "original (e.g. a different activity in the same area of life, or the same activity about something else), and must be",
    "realistic and different from the others. Rules for every scenario:",
    SCENARIO_RULES,
    "Example:",
    EXPAND_SCENARIOS_EXAMPLE,
    "<scenario>",
    scenario,
    "</scenario>",
    ...(avoid.length > 0 ? ["Do not repeat any of these:", "<existing>", ...avoid.slice(0, MAX_AVOID).map((text) => `- ${text}`), "</existing>"] : []),
  ].join("\n");
}
