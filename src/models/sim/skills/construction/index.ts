import type { SimSkill } from "../../sim-request.js";
import { atomicTaskSkill } from "./atomic-task-skill.js";
import { checkCompositionSkill } from "./check-composition-skill.js";
import { composeTaskSkill } from "./compose-task-skill.js";
import { expandScenariosSkill } from "./expand-scenarios-skill.js";
import { extractScenarioSkill } from "./extract-scenario-skill.js";
import { generateFunctionsSkill } from "./generate-functions-skill.js";

/** The simulator's answers to every construction stage, matched on the stage's forced tool name. */
export function constructionSimSkills(): SimSkill[] {
  return [
    extractScenarioSkill,
    expandScenariosSkill,
    atomicTaskSkill,
    composeTaskSkill,
    checkCompositionSkill,
    generateFunctionsSkill,
  ];
}
