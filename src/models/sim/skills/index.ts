import type { SimSkill } from "../sim-request.js";
import { simAssistantSkill } from "./assistant-skill.js";
import { createSimCriticSkill, simCriticSkill } from "./critic-skill.js";
import { simJudgeSkill } from "./judge-skill.js";
import { simToolSkill } from "./tool-skill.js";
import { simUserSkill } from "./user-skill.js";
import { constructionSimSkills } from "./construction/index.js";

/** Every built-in behaviour, most specific first. */
export function defaultSimSkills(): SimSkill[] {
  return [...constructionSimSkills(), simToolSkill, simUserSkill, simCriticSkill, simJudgeSkill, simAssistantSkill];
}

export { createSimCriticSkill, simAssistantSkill, simCriticSkill, simJudgeSkill, simToolSkill, simUserSkill };
