import { basename } from "node:path";
import { isUserError, UserError } from "../../errors.js";
import { readJsonRecords } from "./json-records.js";
import type { ReadSeedsOptions, Seed, SeedReader } from "./seed.js";

/**
 * Stream the seeds of one file with a given reader. A malformed record is reported through
 * `onMalformed` and skipped, never fatal.
 */
export async function* readSeedFile(
  reader: SeedReader,
  file: string,
  options: ReadSeedsOptions & { name?: string } = {},
): AsyncGenerator<Seed> {
  const name = options.name ?? basename(file);
  for await (const record of readJsonRecords(file)) {
    if ("error" in record) {
      options.onMalformed?.(record.error);
      continue;
    }
    try {
      yield reader.toSeed(record.value, { file, line: record.line, name });
    } catch (error) {
      if (!isUserError(error)) throw error;
      options.onMalformed?.(error);
    }
  }
}

/** Make a reader's stream function, e.g. `readGlaiveSeeds(file)`. */
export function seedStream(reader: SeedReader) {
  return (file: string, options: ReadSeedsOptions = {}) => readSeedFile(reader, file, options);
}

export function unsupportedFile(file: string, reason: string): UserError {
  return new UserError(`${reason}; supported seed formats: glaive, sharegpt, toolbench, openai-chat (JSON or JSONL)`, {
    file,
    code: "invalid-input",
  });
}
