import { UserError } from "../errors.js";
import { listFormats } from "./format-registry.js";
import { readJsonLines } from "./json-lines.js";
import type { RecordFormat } from "./record-format.js";

/**
 * The one format every record of `file` fits, found from the whole file rather than its first
 * record: each record narrows the set of formats whose shape it has, and the most specific
 * format left at the end (registry order) wins. A file whose records share no format is refused
 * with the first line that disagrees, so one odd record can never turn the rest into junk.
 * Unreadable lines and records of no known format are left for the reader to report.
 */
export async function detectFileFormat(file: string): Promise<RecordFormat | undefined> {
  let candidates: RecordFormat[] | undefined;
  let firstLine = 0;
  for await (const entry of readJsonLines(file)) {
    if (entry.error) continue;
    const fits = listFormats().filter((format) => format.detect(entry.value));
    if (fits.length === 0) continue;
    if (!candidates) {
      candidates = fits;
      firstLine = entry.line;
      continue;
    }
    const common = candidates.filter((format) => fits.includes(format));
    if (common.length === 0) {
      throw new UserError(
        `line ${entry.line} is a ${fits[0]!.name} record but line ${firstLine} and the lines before it are ${candidates[0]!.name}; ` +
          `a file holds one format. Split the file by format, or pass --format to read every line as one format.`,
        { file, line: entry.line, code: "invalid-input" },
      );
    }
    candidates = common;
  }
  return candidates?.[0];
}
