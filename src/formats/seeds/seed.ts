import { parseFunctionSpec, type FunctionSpec } from "../../schema/function-spec.js";
import { UserError } from "../../errors.js";

/** One seed conversation or query: the raw material scenarios are extracted from. */
export interface Seed {
  /** Unique within a run: `<file name relative to the input>:<line>` for file seeds. */
  id: string;
  /** The conversation or query as plain text, one turn a line. */
  text: string;
  /** Functions the seed came with, if any (informative; construction writes its own). */
  functions?: FunctionSpec[];
  source: { file: string; line: number };
}

export type SeedFormat = "glaive" | "sharegpt" | "toolbench" | "openai-chat";

export interface ReadSeedsOptions {
  /** Called for each malformed record; the record is skipped and reading goes on. */
  onMalformed?: (error: UserError) => void;
  /** Called for a file in a directory that no reader recognises. */
  onSkippedFile?: (file: string, reason: string) => void;
}

/** Where a record sits, and the name its seed id starts with. */
export interface SeedLocation {
  file: string;
  line: number;
  /** The file name used in seed ids (relative to the directory that was read). */
  name: string;
}

/** A reader for one seed format: recognises a parsed record and turns it into a seed. */
export interface SeedReader {
  format: SeedFormat;
  /** Whether a parsed record has this format's shape (used for auto-detection). */
  detect(record: unknown): boolean;
  /** The seed for one record; throws a UserError naming the field when the record is malformed. */
  toSeed(record: unknown, location: SeedLocation): Seed;
}

export function seedId(location: SeedLocation): string {
  return `${location.name}:${location.line}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parse one function schema of a seed; a bad one is a UserError at `field` (e.g. `tools.2.parameters`). */
export function readSeedFunction(value: unknown, location: SeedLocation, field: string): FunctionSpec {
  try {
    return parseFunctionSpec(value);
  } catch (error) {
    const inner = (error as { field?: string }).field?.replace(/^functions\.?/, "").replace(/^function\./, "");
    const reason = String((error as Error).message).replace(/^.*?: /, "");
    throw new UserError(`invalid function schema: ${reason}`, {
      file: location.file,
      line: location.line,
      field: inner ? `${field}.${inner}` : field,
    });
  }
}

/** A malformed seed record: a UserError naming file, line and field. */
export function malformedSeed(message: string, location: SeedLocation, field: string): UserError {
  return new UserError(message, { file: location.file, line: location.line, field });
}
