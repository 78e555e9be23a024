import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../../errors.js";

/**
 * LLaMA-Factory loads a ShareGPT file only through an entry in `dataset_info.json` in its data
 * directory. The entry for this library's ShareGPT export: `conversations` of `{from, value}`
 * turns tagged human / gpt / function_call / observation, a `system` column and a `tools` column
 * (a JSON string of function definitions).
 */
export function shareGPTDatasetEntry(fileName: string): Record<string, unknown> {
  return {
    file_name: fileName,
    formatting: "sharegpt",
    columns: { messages: "conversations", system: "system", tools: "tools" },
    tags: {
      role_tag: "from",
      content_tag: "value",
      user_tag: "human",
      assistant_tag: "gpt",
      observation_tag: "observation",
      function_tag: "function_call",
      system_tag: "system",
    },
  };
}

/** The dataset name LLaMA-Factory's `--dataset` flag takes: the file name without its extension. */
export function datasetName(filePath: string): string {
  return basename(filePath).replace(/\.(jsonl|json|parquet)$/, "");
}

/**
 * Add (or replace) entries for `files` in the `dataset_info.json` beside them, keeping entries for
 * other datasets already there. Returns the path written.
 */
export async function writeDatasetInfo(files: readonly string[]): Promise<string> {
  const directory = dirname(files[0]!);
  const path = join(directory, "dataset_info.json");
  let info: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      info = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    } catch (cause) {
      throw new UserError("dataset_info.json beside the export is not valid JSON; fix or remove it", { file: path, code: "invalid-input", cause });
    }
  }
  for (const file of files) {
    info[datasetName(file)] = shareGPTDatasetEntry(basename(file));
  }
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`, "utf8");
  return path;
}
