import { UserError } from "../errors.js";
import { readTextFile, readTextLines } from "./text-lines.js";

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
  for await (const { line, text, error } of readTextLines(file)) {
    if (error) {
      yield { file, line, error };
      continue;
    }
    if (text.trim() === "") continue;
    yield parseJsonLine(text, file, line);
  }
}

export function parseJsonLine(text: string, file: string, line: number): JsonLine {
  try {
    return { file, line, value: JSON.parse(text) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      file,
      line,
      error: new UserError(`not valid JSON (${reason}); the line may be torn or truncated. Fix or delete this line.`, {
        file,
        line,
        cause,
      }),
    };
  }
}

async function* readJsonArray(file: string): AsyncGenerator<JsonLine> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    yield { file, line: 1, error: error as UserError };
    return;
  }
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("[")) {
    // One (possibly pretty-printed) record, as ToolBench's answer files; else JSONL with a .json name.
    try {
      yield { file, line: 1, value: JSON.parse(text) };
      return;
    } catch {
      const lines = text.split(/\r?\n/);
      for (let index = 0; index < lines.length; index++) {
        if (lines[index]!.trim() !== "") yield parseJsonLine(lines[index]!, file, index + 1);
      }
      return;
    }
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
