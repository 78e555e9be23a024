import { open, readFile, stat } from "node:fs/promises";
import { UserError } from "../../errors.js";
import { readJsonl, readUtf8File } from "../../util/jsonl-reader.js";

/** One record of a data file, or the error that kept it from parsing. */
export type JsonRecord = { line: number; value: unknown } | { line: number; error: UserError };

/** Whole-file JSON documents above this size are refused: they should be JSONL. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/**
 * Records of a JSONL file (streamed line by line, so huge files are never loaded whole), a
 * JSON array (one record per element, with the line each element starts on), or a single
 * JSON object (one record). The container is recognised from the file's first line.
 */
export async function* readJsonRecords(file: string): AsyncGenerator<JsonRecord> {
  const firstLine = await readFirstLine(file);
  const trimmed = firstLine.trim();
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !parses(trimmed) && (await isWholeDocument(file)))) {
    yield* readDocument(file);
    return;
  }
  yield* readJsonLines(file);
}

/** JSONL seed records; a line that does not parse is reported at field `(json)`. */
async function* readJsonLines(file: string): AsyncGenerator<JsonRecord> {
  for await (const { line, value, error } of readJsonl(file, { field: "(json)" })) yield error ? { line, error } : { line, value };
}

async function* readDocument(file: string): AsyncGenerator<JsonRecord> {
  const size = (await stat(file)).size;
  if (size > MAX_DOCUMENT_BYTES) {
    yield {
      line: 1,
      error: new UserError(`a ${Math.round(size / 1e6)} MB JSON document is too large to read whole; convert it to JSONL (one record a line)`, {
        file,
        line: 1,
        field: "(json)",
      }),
    };
    return;
  }
  let text: string;
  try {
    text = await readUtf8File(file);
  } catch (error) {
    yield { line: 1, error: error as UserError };
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    yield { line: 1, error: new UserError(`not valid JSON (${(error as Error).message})`, { file, line: 1, field: "(json)" }) };
    return;
  }
  if (!Array.isArray(document)) {
    yield { line: 1, value: document };
    return;
  }
  const starts = arrayElementLines(text);
  for (let index = 0; index < document.length; index++) yield { line: starts[index] ?? 1, value: document[index] };
}

/** The 1-based line on which each top-level element of a JSON array text starts. */
export function arrayElementLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectingValue = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === "\n") line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === 1 && expectingValue && char !== "]") {
      starts.push(line);
      expectingValue = false;
    }
    if (char === '"') inString = true;
    else if (char === "[" || char === "{") {
      depth++;
      if (depth === 1) expectingValue = true;
    } else if (char === "]" || char === "}") depth--;
    else if (char === "," && depth === 1) expectingValue = true;
  }
  return starts;
}

async function readFirstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
    const firstContent = text.split("\n").find((line) => line.trim() !== "");
    return firstContent ?? "";
  } finally {
    await handle.close();
  }
}

/** A pretty-printed single object: the whole file parses as one JSON value. */
async function isWholeDocument(file: string): Promise<boolean> {
  const size = (await stat(file)).size;
  if (size > MAX_DOCUMENT_BYTES) return false;
  return parses((await readFile(file, "utf8")).replace(/^\uFEFF/, ""));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
