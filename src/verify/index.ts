/** Public API of the verify module: trajectory checks, the verifier, validation, the rendering check. */
export type { CheckContext, CheckFinding, Severity, TrajectoryCheck } from "./trajectory-check.js";
export { BUILT_IN_CHECKS, CheckRegistry, trajectoryChecks } from "./check-registry.js";
export {
  createTrajectoryVerifier,
  rejectionReason,
  verifyTrajectory,
  withVerdicts,
  type TrajectoryVerifier,
  type Verification,
  type VerifierOptions,
  type VerifyOptions,
} from "./verify-trajectory.js";
export { createDuplicateChecks, type DuplicateCheckOptions } from "./checks/duplicate-checks.js";
export { DEFAULT_TERMINAL_FUNCTIONS } from "./checks/final-answer-check.js";
export { validateFile, type InvalidRecord, type TemplateSummary, type ValidateOptions, type ValidationReport } from "./validate-file.js";
export { loadTemplateSources } from "./template-sources.js";
export { formatValidationReport } from "./validation-report-text.js";
export { renderCheck, type RenderCheckOptions, type RenderCheckResult, type RenderableRecord } from "./render-check.js";
export {
  CHAT_TEMPLATE_PROFILES,
  loadChatTemplates,
  renderCheckRecord,
  renderCheckTemplates,
  type ChatTemplateProfile,
  type LoadedTemplate,
} from "./chat-template-profiles.js";
export { NearDuplicateIndex, MinHasher } from "../util/minhash.js";
export { SEMANTIC_CHECKS } from "./check-registry.js";
export { argumentProvenanceCheck, argumentCodesCheck } from "./checks/argument-provenance-check.js";
export { identifierProvenanceCheck } from "./checks/identifier-provenance-check.js";
export { entityCheck } from "./checks/entity-check.js";
export { namedValueSlotCheck } from "./checks/named-value-slot-check.js";
export { describedFormatCheck } from "./checks/described-format-check.js";
export { resultConsistencyCheck } from "./checks/result-consistency-check.js";
export { placeholderResultsCheck } from "./checks/placeholder-results-check.js";
export { answerFitCheck } from "./checks/answer-fit-check.js";
export { DEFAULT_JUDGE_THRESHOLD, judgePair, judgeTrajectory, type JudgedRecord, type JudgeMeta, type JudgeSettings } from "./judge-trajectory.js";
