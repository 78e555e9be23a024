export { MessySimChatModel, DEFAULT_MESSY_RATE, type MessySimChatModelParams } from "./messy-sim-chat-model.js";
export { FAULT_KINDS, isFaultKind, type FaultKind, type InjectedFault, type FaultEvidence } from "./fault-kinds.js";
export { FAULT_TEXT } from "./inject-fault.js";
export { appendFaultLog, countFaults, messyModelsOf, readFaultLog, recordFaults, FAULT_LOG_FILE } from "./fault-log.js";
export { carriesFault, constructionFaults, faultOutcomes, formatFaultTable, type AuditedRecord, type FaultOutcome } from "./fault-outcomes.js";
