/** Export options beyond the record format: split, shuffle, sample, token limits, Parquet, LLaMA-Factory's dataset_info.json. */
export { parseSplit, partPath, seededShuffle, splitByShare, type SplitPart } from "./export-plan.js";
export { encodeParquet, inferParquetSchema, writeParquetFile } from "./parquet-file.js";
export { datasetName, shareGPTDatasetEntry, writeDatasetInfo } from "./dataset-info.js";
export { loadTokenizer, recordTokens, TOKENIZER_NAMES, type TokenizerName } from "./record-tokens.js";
