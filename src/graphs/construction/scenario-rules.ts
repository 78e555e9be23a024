import { z } from "zod";
import { wordCount } from "./stage-context.js";

import { MAX_SCENARIO_WORDS, SCENARIO_RULES } from "./prompts/scenario-rules.js";

export { MAX_SCENARIO_WORDS, SCENARIO_RULES };

/**
 * A scenario is a general life situation: at most ten words, no specific numbers. Broken
 * rules are schema errors, so the model is shown the problem and asked again.
 */
export const scenarioText = z
  .string()
  .trim()
  .min(3, "write the scenario as a short phrase")
  .refine((text) => wordCount(text) <= MAX_SCENARIO_WORDS, `use at most ${MAX_SCENARIO_WORDS} words`)
  .refine((text) => !/\d/.test(text), "leave out specific numbers, dates and amounts");
