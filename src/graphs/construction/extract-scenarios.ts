import { z } from "zod";
import type { Seed } from "../../formats/seeds/seed.js";
import { askModel, type StageContext } from "./stage-context.js";
import { SCENARIO_RULES, scenarioText } from "./scenario-rules.js";

export const EXTRACT_SCENARIO_TOOL = "record_scenario";

const SYSTEM = [
  "You read a conversation between a user and an assistant and name the life situation behind it.",
  "Answer by calling the tool you are given.",
].join("\n");

export function extractScenarioPrompt(seedText: string): string {
  return [
    "What general life scenario is the user in? Rules:",
    SCENARIO_RULES,
    "<conversation>",
    seedText,
    "</conversation>",
  ].join("\n");
}

const schema = z.object({ scenario: scenarioText });

/** One scenario for one seed conversation. */
export async function extractScenario(context: StageContext, seed: Pick<Seed, "text">): Promise<string> {
  const value = await askModel(context, {
    name: EXTRACT_SCENARIO_TOOL,
    description: "Record the general life scenario behind the conversation.",
    schema,
    system: SYSTEM,
    prompt: extractScenarioPrompt(seed.text),
  });
  return value.scenario;
}
