import { stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadTokenizer, recordTokens } from "../formats/export/record-tokens.js";
import { writeOpenAI } from "../formats/openai-format.js";
import { readRecords } from "../formats/read-records.js";
import { distribution, type Distribution } from "./distribution.js";

/**
 * Tokens per accepted record, counted on its OpenAI export (what a trainer reads) with a
 * js-tiktoken encoding: the figure `export --max-tokens-per-record` filters on.
 */
export async function recordTokenLengths(path: string, tokenizerName = "o200k_base"): Promise<{ tokenizer: string; lengths: Distribution; byId: Record<string, number> }> {
  const tokenizer = await loadTokenizer(tokenizerName);
  const input = (await stat(path)).isDirectory() && existsSync(join(path, "trajectories.jsonl")) ? join(path, "trajectories.jsonl") : path;
  const byId: Record<string, number> = {};
  const values: number[] = [];
  for await (const entry of readRecords(input)) {
    if (entry.error || entry.record.reason !== undefined) continue;
    const tokens = recordTokens(tokenizer, writeOpenAI(entry.record));
    byId[entry.record.id] = tokens;
    values.push(tokens);
  }
  return { tokenizer: tokenizerName, lengths: distribution(values), byId };
}
