/** Public API of the formats module: readers, writers, detection, export. */
export type { RecordFormat, RecordLocation } from "./record-format.js";
export { detectFormat, getFormat, listFormats, registerFormat, writableFormatNames } from "./format-registry.js";
export { readRecords, inputFiles, type ReadResult, type ReadRecordsOptions } from "./read-records.js";
export { exportRecords, type ExportOptions, type ExportSummary, type TokenLengths } from "./export-records.js";
export * from "./export/index.js";
export { readJsonLines, type JsonLine } from "./json-lines.js";
export { buttonFormat, writeButtonMessages } from "./button-format.js";
export { openAIFormat, writeOpenAI, type OpenAIWriteOptions } from "./openai-format.js";
export { shareGPTFormat, writeShareGPT, OBSERVATION_SEPARATOR } from "./sharegpt-format.js";
export { hermesFormat, writeHermes } from "./hermes-format.js";
export { tauBenchFormat } from "./tau-bench-format.js";
export { bfclFormat, BFCL_VARIANTS, categoryOf as bfclCategoryOf, referenceCallNames } from "./bfcl-format.js";
export { toolACEFormat } from "./toolace-format.js";
export { xlamFormat } from "./xlam-format.js";
export { glaiveFormat } from "./glaive-format.js";
export { toolBenchFormat } from "./toolbench-format.js";
export {
  BUTTON_SYSTEM_TEMPLATE,
  PARALLEL_OFF_SENTENCE,
  PARALLEL_ON_SENTENCE,
  buttonSystemPrompt,
  buttonToolList,
  parseButtonSystemPrompt,
} from "./button-system-prompt.js";
export { parseTaggedText, renderTaggedAssistant, renderToolTurn } from "./button-tags.js";
export { isPortableCallId, withPortableCallIds } from "./call-ids.js";
export { splitParallelCalls } from "./split-parallel-calls.js";
export { trainingTools } from "./training-tools.js";
export { inferToolsFromCalls } from "./infer-tools.js";
