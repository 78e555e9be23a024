import { z } from "zod";
import type { Seed } from "../../formats/seeds/seed.js";
import { askModel, type StageContext } from "./stage-context.js";
import { scenarioText } from "./scenario-rules.js";
import { EXTRACT_SCENARIO_SYSTEM, extractScenarioPrompt } from "./prompts/extract-scenario-prompt.js";

export { extractScenarioPrompt };

export const EXTRACT_SCENARIO_TOOL = "record_scenario";

const schema = z.object({ scenario: scenarioText });

/** One scenario for one seed conversation. */
export async function extractScenario(context: StageContext, seed: Pick<Seed, "text">): Promise<string> {
  const value = await askModel(context, {
    name: EXTRACT_SCENARIO_TOOL,
    description: "Record the general life scenario behind the conversation.",
    schema,
    system: EXTRACT_SCENARIO_SYSTEM,
    prompt: extractScenarioPrompt(seed.text),
  });
  return value.scenario;
}
