// The runner's public surface, for src/index.ts to re-export.
export { runSimulation, type RunOptions, type RunSummary, type TaskProcessor, type ProcessContext } from "./run-simulation.js";
export { runConstruction, CONSTRUCTION_JOURNAL, CONSTRUCTION_MANIFEST, type ConstructionManifest, type RunConstructionOptions } from "./run-construction.js";
export { JsonlCallJournal } from "./jsonl-call-journal.js";
export { formatRunSummary } from "./run-summary-text.js";
export { interruptSignals, type InterruptSignals } from "./interrupt-signals.js";
export type { TaskSource, SourceEntry, SourcePosition } from "./task-source.js";
export { JsonlTaskSource } from "./jsonl-task-source.js";
export type { RecordSink } from "./record-sink.js";
export { JsonlRecordSink } from "./jsonl-record-sink.js";
export type { RunManifest, RunCounts, RunStatus, StopReason } from "./run-manifest.js";
export { UsageLedger, parsePriceTable, type PriceTable, type LedgerSummary } from "./usage-ledger.js";
export { retryTransport, withRetries, classifyTransportError, parseRetryAfter, type RetryPolicy, type RetryEvent } from "./model-retry.js";
export { rateLimitTransport, RateLimiter, type RateLimits } from "./rate-limit.js";
export { composeTransports } from "./compose-transports.js";
export type { Clock } from "./clock.js";
export { startSimServer, type SimServer, type SimServerOptions, type SimServerStats } from "./sim-server.js";
export { FAULT_KINDS, type FaultKind } from "./fault-injector.js";
