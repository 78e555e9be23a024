/// <reference types="node" preserve="true" />
// The package's declarations use Node's types (streams, timers, Symbol.asyncDispose through @langchain/core):
// the reference loads @types/node for consumers on TypeScript 6+, which no longer loads it implicitly.
/**
 * The public API of `button-synth`: everything a synthesis project needs to build and run the
 * BUTTON graphs, plug in its own roles, models and tools, and read or write the records.
 * Anything not exported here is internal and may change without notice.
 *
 * @packageDocumentation
 */

// ── Trajectory simulation (top-down) ──────────────────────────────────────────────────────
export { buildTrajectoryGraph, simulateTask } from "./graphs/trajectory-graph.js";
export { TrajectoryGraphBuilder, trajectoryGraph, type RolePlacement, type TrajectoryGraph } from "./graphs/trajectory-graph-builder.js";
export {
  resolveSimulationOptions,
  type ResolvedSimulationOptions,
  type SimulationModels,
  type SimulationOptions,
} from "./graphs/trajectory/simulation-options.js";
export { toTrajectoryRecord, modelId } from "./graphs/trajectory/trajectory-record.js";
export {
  TrajectoryState,
  type NextStep,
  type TrajectoryStateValue,
  type TrajectoryStatus,
  type TrajectoryUpdate,
} from "./graphs/trajectory/trajectory-state.js";

// ── Agent roles ───────────────────────────────────────────────────────────────────────────
export type { AgentRole, RoleContext } from "./agents/agent-role.js";
export { defineTrajectoryRole, roleMeta, type TrajectoryRole } from "./graphs/trajectory/trajectory-role.js";
export { userRole, type UserRoleSettings } from "./graphs/trajectory/user-role.js";
export { assistantRole } from "./graphs/trajectory/assistant-role.js";
export {
  langchainAgentRole,
  type InvokableAgent,
  type LangChainAgentInput,
  type LangChainAgentMeta,
  type LangChainAgentRoleSettings,
} from "./graphs/trajectory/langchain-agent-role.js";
export { ToolExecutor, type ToolExecution } from "./graphs/trajectory/tool-executor.js";
export { toolsRole, type PendingToolCall, type ToolErrorInjector, type ToolsRoleSettings } from "./graphs/trajectory/tools-role.js";
export { personaUserRole, type PersonaUserMeta, type PersonaUserSettings } from "./graphs/trajectory/persona-user-role.js";
export { BUILT_IN_PERSONAS, nonNativePersona, tersePersona, vaguePersona, type UserPersona } from "./agents/user-personas.js";
export { criticRole, type CriticSettings } from "./graphs/trajectory/critic-role.js";
export {
  CRITIC_TOOL_NAME,
  criticVerdictSchema,
  type CriticMeta,
  type CriticReview,
  type CriticVerdict,
} from "./agents/critic-agent.js";
export {
  errorInjectingToolsRole,
  type ErrorInjectionSettings,
  type InjectedToolError,
} from "./graphs/trajectory/error-injecting-tools-role.js";
/** Building blocks for custom roles: usage deltas, and turning model misbehaviour into a rejection. */
export { usageFor } from "./graphs/trajectory/usage-update.js";
export { rejectOnModelBehavior } from "./graphs/trajectory/rejection.js";

// ── Agents and protocols (model-level: prompt, call, parse) ──────────────────────────────
export { runUserTurn, userAgentPrompt } from "./agents/user-agent.js";
export { runAssistantTurn, assistantBriefing, type CheckedTurn } from "./agents/assistant-agent.js";
export { runToolAgent, toolAgentPrompt } from "./agents/tool-agent.js";
export { runCriticReview, criticSystemPrompt } from "./agents/critic-agent.js";
export { nativeProtocol } from "./agents/native-protocol.js";
export { taggedProtocol } from "./agents/tagged-protocol.js";
export type { AssistantProtocol, ProtocolName } from "./agents/assistant-protocol.js";
export type { AssistantTurn, ParsedCall } from "./schema/assistant-turn.js";
export { withCorrectiveRetries, type CorrectiveResult } from "./llm/corrective-retry.js";
export type { CallOptions, TokenUsage, Transport } from "./llm/model-call.js";
export { generateStructured } from "./llm/structured-output.js";
export { mergeTracing, withRunLabels, tracingRunnableConfig, TAG_PREFIX, type RunLabels, type Tracing } from "./llm/run-tracing.js";

// ── Models ────────────────────────────────────────────────────────────────────────────────
export { resolveModel, resolveRoleModels, AGENT_ROLES, type BuiltInRoleName, type ModelSettings, type RoleModels } from "./models/resolve-model.js";
export { loadModel, loadRoleModels, registerSimVariant, type SimVariantFactory } from "./models/resolve-model.js";
export { providerNames, providerPackage } from "./models/provider-model.js";
export { SimChatModel, type SimChatModelParams } from "./models/sim/sim-chat-model.js";
export { readSection, type SimReply, type SimRequest, type SimSkill, type SimToolCall } from "./models/sim/sim-request.js";
export { SeededRandom } from "./util/seeded-random.js";
export {
  createSimCriticSkill,
  defaultSimSkills,
  simAssistantSkill,
  simCriticSkill,
  simToolSkill,
  simUserSkill,
} from "./models/sim/skills/index.js";
export type { SimCriticSettings } from "./models/sim/skills/critic-skill.js";
// The scripted model for tests is in the `button-synth/testing` entry point (src/testing.ts).
export {
  MessySimChatModel,
  DEFAULT_MESSY_RATE,
  FAULT_KINDS,
  FAULT_LOG_FILE,
  appendFaultLog,
  carriesFault,
  constructionFaults,
  countFaults,
  faultOutcomes,
  formatFaultTable,
  messyModelsOf,
  readFaultLog,
  recordFaults,
  type AuditedRecord,
  type FaultKind,
  type FaultOutcome,
  type InjectedFault,
  type MessySimChatModelParams,
} from "./models/sim/messy/index.js";
export { checkTurnBehaviour, unservedSubtasks } from "./agents/assistant-turn-checks.js";
export { checkUserTurn } from "./agents/user-turn-checks.js";
export { parseLenientJson, type LenientJson } from "./tools/lenient-json.js";
export { coerceToSchema } from "./tools/coerce-to-schema.js";
export { COMPOSITION_EXAMPLES, type CompositionExample, type StageFeedback } from "./graphs/construction/prompts/index.js";

// ── Tools ─────────────────────────────────────────────────────────────────────────────────
export { realTool, type RealTool } from "./tools/real-tool.js";
export { functionSpecFromTool, isLangChainTool, runLangChainTool, type LangChainTool } from "./tools/langchain-tool.js";
export { FunctionCatalog } from "./tools/function-catalog.js";
export { isToolErrorResult, toolErrorResult, TOOL_ERROR_TYPES, type ToolErrorResult, type ToolErrorType } from "./tools/tool-error-result.js";
export { argumentProblems, resultProblems } from "./tools/json-schema.js";

// ── Schemas and record types ──────────────────────────────────────────────────────────────
export {
  functionSpecSchema,
  openAIToolSchema,
  parseFunctionSpec,
  fromOpenAITool,
  toOpenAITool,
  type FunctionSpec,
  type OpenAITool,
  type PropertySpec,
} from "./schema/function-spec.js";
export { negativeFactsSchema, readNegativeFacts, type NegativeFacts, type WithheldValue } from "./schema/negative-facts.js";
export { taskSchema, subtaskSchema, parseTask, withTaskId, BUILT_IN_STRATEGIES, BUILT_IN_VARIANTS, type Subtask, type TaskInput, type TaskRecord } from "./schema/task.js";
export {
  trajectorySchema,
  messageSchema,
  toolCallSchema,
  usageSchema,
  verdictSchema,
  type AssistantMessage,
  type Message,
  type ToolCall,
  type ToolMessage,
  type TrajectoryRecord,
  type Usage,
  type Verdict,
} from "./schema/trajectory.js";
export { stableId, canonicalJson } from "./schema/stable-id.js";

// ── Preference pairs (DPO) ────────────────────────────────────────────────────────────────
export { preferencePairs } from "./preferences/preference-pairs.js";
export { preferenceRecordSchema, PREFERENCES_FILE, type PreferenceRecord } from "./preferences/preference-record.js";
export { appendPreferences, preferencesJsonl } from "./preferences/preference-writer.js";
export { judgedPreferencePair } from "./preferences/judged-pairs.js";
export { judgeRunPairs, type JudgeRunPairsSummary } from "./preferences/judge-run-pairs.js";
export {
  JUDGE_AXES,
  JUDGE_TOOL_NAME,
  PAIRWISE_JUDGE_TOOL_NAME,
  judgementSchema,
  pairwiseJudgementSchema,
  runJudge,
  runPairwiseJudge,
  type Judgement,
  type JudgeAxis,
  type PairwiseJudgement,
} from "./agents/judge-agent.js";
export { simJudgeSkill } from "./models/sim/skills/judge-skill.js";

// ── Errors ────────────────────────────────────────────────────────────────────────────────
export {
  ButtonError,
  ModelBehaviorError,
  SystemError,
  UserError,
  isModelBehaviorError,
  isSystemError,
  isUserError,
  type ButtonErrorCode,
  type ModelBehaviorCode,
} from "./errors.js";

// ── Task construction (bottom-up): seeds → scenarios → atomic → composite tasks → functions ──
// Each module's index.ts is itself an explicit export list.
export * from "./graphs/construction/index.js";
export { readSeeds, detectSeedReader, type Seed } from "./formats/seeds/index.js";

// ── Record formats: readers, writers, export ─────────────────────────────────────────────
export * from "./formats/index.js";

// ── Verification: the check registry, the verifier, validation, the rendering check ──────
export * from "./verify/index.js";

// ── Reports: dataset statistics ──────────────────────────────────────────────────────────
export * from "./report/index.js";

// ── Batch runs: streaming, resume, targets, budgets, usage ledger, sim-server ─────────────
export * from "./run/index.js";
