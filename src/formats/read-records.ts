import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { isUserError, UserError } from "../errors.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { detectFileFormat } from "./detect-file-format.js";
import { getFormat } from "./format-registry.js";
import { readJsonLines } from "./json-lines.js";
import type { RecordFormat } from "./record-format.js";

/** One input record: read into canonical form, or the error that stopped it. */
export type ReadResult =
  | { file: string; line: number; format: string; record: TrajectoryRecord; raw: unknown; error?: undefined }
  | { file: string; line: number; format?: string; record?: undefined; raw?: unknown; error: UserError };

export interface ReadRecordsOptions {
  /** A format name, or "auto" (default): the one format all records of each file fit (a mixed file is refused). */
  format?: string;
}

/**
 * Every record of a JSONL (or JSON array) file, or of the data files in a directory, in canonical
 * form. Problems are yielded, not thrown, so one bad line does not stop the rest.
 */
export async function* readRecords(path: string, options: ReadRecordsOptions = {}): AsyncGenerator<ReadResult> {
  for (const file of await inputFiles(path)) {
    // An explicit format always wins; otherwise every record of the file must agree on one.
    const format: RecordFormat | undefined =
      options.format && options.format !== "auto" ? getFormat(options.format) : await detectFileFormat(file);
    for await (const entry of readJsonLines(file)) {
      if (entry.error) {
        yield { file, line: entry.line, format: format?.name, error: entry.error };
        continue;
      }
      if (!format) {
        yield {
          file,
          line: entry.line,
          raw: entry.value,
          error: new UserError("the record matches no known format; pass --format to say which it is", { file, line: entry.line }),
        };
        continue;
      }
      try {
        yield { file, line: entry.line, format: format.name, record: format.read(entry.value, { file, line: entry.line }), raw: entry.value };
      } catch (error) {
        if (!isUserError(error)) throw error;
        yield { file, line: entry.line, format: format.name, raw: entry.value, error };
      }
    }
  }
}

/**
 * The files a path stands for: the file itself; for a run directory, its `trajectories.jsonl`;
 * for any other directory, its `.jsonl` and `.json` files in name order.
 */
export async function inputFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UserError(`no such file or directory: ${path}`, { file: path, code: "invalid-config" });
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).sort();
  if (names.includes("trajectories.jsonl")) return [join(path, "trajectories.jsonl")];
  const files = names.filter((name) => /\.(jsonl|json)$/.test(name) && name !== "manifest.json").map((name) => join(path, name));
  if (files.length === 0) throw new UserError(`no .jsonl or .json files in ${path}`, { file: path, code: "invalid-config" });
  return files;
}
