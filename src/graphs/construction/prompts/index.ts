/** Every construction stage's prompt, one file per stage. */
export { EXTRACT_SCENARIO_SYSTEM, EXTRACT_SCENARIO_EXAMPLES, extractScenarioPrompt } from "./extract-scenario-prompt.js";
export { EXPAND_SCENARIOS_SYSTEM, EXPAND_SCENARIOS_EXAMPLE, expandScenariosPrompt } from "./expand-scenarios-prompt.js";
export { ATOMIC_TASK_SYSTEM, ATOMIC_TASK_EXAMPLES, MAX_ATOMIC_WORDS, atomicTaskPrompt } from "./atomic-task-prompt.js";
export { COMPOSE_TASK_SYSTEM, COMPOSITION_EXAMPLES, PARALLEL_RULES, composeTaskPrompt, type CompositionExample } from "./compose-task-prompt.js";
export { CHECK_COMPOSITION_SYSTEM, CHECK_COMPOSITION_EXAMPLES, checkCompositionPrompt } from "./check-composition-prompt.js";
export { GENERATE_FUNCTIONS_SYSTEM, GENERATE_FUNCTIONS_EXAMPLE, generateFunctionsPrompt } from "./generate-functions-prompt.js";
export { feedbackSection, type StageFeedback } from "./feedback-section.js";
export { SCENARIO_RULES, MAX_SCENARIO_WORDS } from "./scenario-rules.js";
