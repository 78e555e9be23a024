import type { SimSkill } from "../sim-request.js";
import { simAssistantSkill } from "./assistant-skill.js";
import { simToolSkill } from "./tool-skill.js";
import { simUserSkill } from "./user-skill.js";

/** Every built-in behaviour, most specific first. */
export function defaultSimSkills(): SimSkill[] {
  return [simToolSkill, simUserSkill, simAssistantSkill];
}

export { simAssistantSkill, simToolSkill, simUserSkill };
