export const MAX_SCENARIO_WORDS = 10;

/** The rules every scenario follows, shared by extraction and expansion. */
export const SCENARIO_RULES = [
  `- At most ${MAX_SCENARIO_WORDS} words, a short phrase (e.g. "Planning a weekend trip with friends").`,
  "- General: no specific numbers, dates, names, amounts or products.",
  "- A situation from everyday life or work where someone would want help, not a description of a software tool.",
].join("\n");
