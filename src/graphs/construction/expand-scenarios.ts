import { z } from "zod";
import { askModel, type StageContext } from "./stage-context.js";
import { SCENARIO_RULES, scenarioText } from "./scenario-rules.js";

export const EXPAND_SCENARIOS_TOOL = "propose_scenarios";
/** Known scenarios shown to the model so it does not propose them again. */
const MAX_AVOID = 12;

const SYSTEM = [
  "You invent new everyday life scenarios from an example, for building realistic assistant tasks.",
  "Answer by calling the tool you are given.",
].join("\n");

export function expandScenariosPrompt(scenario: string, count: number, avoid: string[]): string {
  return [
    `Write ${count} new scenarios based on the one below. Each new scenario changes the action or the subject of the`,
    "original (e.g. a different activity in the same area of life, or the same activity about something else), and must be",
    "realistic and different from the others. Rules for every scenario:",
    SCENARIO_RULES,
    "<scenario>",
    scenario,
    "</scenario>",
    ...(avoid.length > 0 ? ["Do not repeat any of these:", "<existing>", ...avoid.slice(0, MAX_AVOID).map((text) => `- ${text}`), "</existing>"] : []),
  ].join("\n");
}

/** Up to `count` new scenarios derived from one (duplicates are removed later, not here). */
export async function expandScenario(context: StageContext, scenario: string, count: number, avoid: string[]): Promise<string[]> {
  const schema = z.object({ scenarios: z.array(scenarioText).min(1).max(count) });
  const value = await askModel(context, {
    name: EXPAND_SCENARIOS_TOOL,
    description: `Propose up to ${count} new scenarios.`,
    schema,
    system: SYSTEM,
    prompt: expandScenariosPrompt(scenario, count, avoid),
  });
  return value.scenarios;
}
