import type { SimSkill } from "../sim-request.js";

export function defaultSimSkills(): SimSkill[] {
  return [];
}
