import { z } from "zod";
import { wordCount } from "./stage-context.js";

export const MAX_SCENARIO_WORDS = 10;

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

export const SCENARIO_RULES = [
  `- At most ${MAX_SCENARIO_WORDS} words, a short phrase (e.g. "Planning a weekend trip with friends").`,
  "- General: no specific numbers, dates, names, amounts or products.",
  "- A situation from everyday life or work where someone would want help, not a description of a software tool.",
].join("\n");
