import { UserError } from "../errors.js";
import { readJsonl, readUtf8File } from "../util/jsonl-reader.js";

/** One line of a JSONL file: its parsed value, or the error that kept it from parsing. */
export type JsonLine =
  | { file: string; line: number; value: unknown; error?: undefined }
  | { file: string; line: number; value?: undefined; error: UserError };

/**
 * Read JSONL one line at a time, so large files stream. A torn or invalid line becomes an
 * error entry with its line number and reading goes on; blank lines are skipped.
 * A `.json` file holding one array (LLaMA-Factory's and τ-bench's layout) is read too; its
 * "line" is then the 1-based position of the record in the array. A `.json` file holding one
 * object is one record.
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  if (file.endsWith(".json")) {
    yield* readJsonArray(file);
    return;
  }
  yield* jsonLinesOf(file);
}

async function* jsonLinesOf(file: string): AsyncGenerator<JsonLine> {
  for await (const { line, value, error } of readJsonl(file)) yield error ? { file, line, error } : { file, line, value };
}

async function* readJsonArray(file: string): AsyncGenerator<JsonLine> {
  let text: string;
  try {
    text = await readUtf8File(file);
  } catch (error) {
    yield { file, line: 1, error: error as UserError };
    return;
  }
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("[")) {
    // One (possibly pretty-printed) record, as ToolBench's answer files; else JSONL with a .json name.
    try {
      yield { file, line: 1, value: JSON.parse(text) };
    } catch {
      yield* jsonLinesOf(file);
    }
    return;
  }
  let records: unknown;
  try {
    records = JSON.parse(text);
  } catch (cause) {
    yield {
      file,
      line: 1,
      error: new UserError(`the JSON array does not parse (${(cause as Error).message}); check the file is complete`, {
        file,
        cause,
      }),
    };
    return;
  }
  const list = records as unknown[];
  for (let index = 0; index < list.length; index++) yield { file, line: index + 1, value: list[index] };
}
