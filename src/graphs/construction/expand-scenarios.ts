import { z } from "zod";
import { askModel, type StageContext } from "./stage-context.js";
import { scenarioText } from "./scenario-rules.js";
import { EXPAND_SCENARIOS_SYSTEM, expandScenariosPrompt } from "./prompts/expand-scenarios-prompt.js";

export { expandScenariosPrompt };

export const EXPAND_SCENARIOS_TOOL = "propose_scenarios";
/** Up to `count` new scenarios derived from one (duplicates are removed later, not here). */
export async function expandScenario(context: StageContext, scenario: string, count: number, avoid: string[]): Promise<string[]> {
  const schema = z.object({ scenarios: z.array(scenarioText).min(1).max(count) });
  const value = await askModel(context, {
    name: EXPAND_SCENARIOS_TOOL,
    description: `Propose up to ${count} new scenarios.`,
    schema,
    system: EXPAND_SCENARIOS_SYSTEM,
    prompt: expandScenariosPrompt(scenario, count, avoid),
  });
  return value.scenarios;
}
