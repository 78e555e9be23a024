import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";

/**
 * The one place that splits files into lines. Every JSONL file the library reads (tasks,
 * records, seeds, journals, fault logs, BFCL side files) goes through here, so line numbers,
 * byte-order marks, `\r\n`, invalid UTF-8 and torn last lines are handled the same everywhere.
 * Lines are cut on bytes and decoded whole, so memory is bounded by the longest line, not the
 * file, and a multi-byte character split across two read chunks decodes correctly.
 */

/** One line of a text file. `error` is set when the line is not valid UTF-8 (then `text` is a lossy decode). */
export interface TextLine {
  /** 1-based. */
  line: number;
  text: string;
  /** True for a last line the file does not end with a newline after (a crash mid-append leaves one). */
  last: boolean;
  error?: UserError;
}

/** One line of a JSONL file: its parsed value, or the error that kept it from parsing. */
export type JsonlEntry =
  | { line: number; text: string; value: unknown; error?: undefined }
  | { line: number; text: string; value?: undefined; error: UserError; problem: "encoding" | "syntax" };

export interface JsonlReadOptions {
  /**
   * A last line without its newline that does not parse (a writer killed mid-append):
   * "error" (default) yields it as an error entry like any bad line; "skip" drops it.
   * A last line that parses is a whole record and is always yielded.
   */
  tornTail?: "error" | "skip";
  /** The field named in parse errors (seed files report `(json)`). */
  field?: string;
  /** Bytes per read; the default suits files, tests set it small to cross chunk edges. */
  chunkSize?: number;
}

const BYTE_ORDER_MARK = "\ufeff";
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DEFAULT_CHUNK_SIZE = 64 * 1024;

/** The lines of a UTF-8 file, streamed. A missing file throws (ENOENT), as `createReadStream` does. */
export async function* readTextLines(file: string, options: Pick<JsonlReadOptions, "chunkSize"> = {}): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter(file);
  for await (const chunk of createReadStream(file, { highWaterMark: options.chunkSize ?? DEFAULT_CHUNK_SIZE })) {
    yield* splitter.push(chunk as Buffer);
  }
  yield* splitter.end();
}

/** The same lines, read synchronously (for constructors and format readers that cannot await). */
export function* readTextLinesSync(file: string, options: Pick<JsonlReadOptions, "chunkSize"> = {}): Generator<TextLine> {
  const splitter = new LineSplitter(file);
  const descriptor = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
    for (;;) {
      const bytesRead = readSync(descriptor, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      // Copied: the splitter may keep part of the chunk while the buffer is refilled.
      yield* splitter.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
  } finally {
    closeSync(descriptor);
  }
  yield* splitter.end();
}

/**
 * The non-blank lines of a JSONL file, parsed. A line that is not valid UTF-8 or not valid JSON
 * becomes an error entry naming file and line, and reading goes on.
 */
export async function* readJsonl(file: string, options: JsonlReadOptions = {}): AsyncGenerator<JsonlEntry> {
  for await (const textLine of readTextLines(file, options)) {
    const entry = toEntry(file, textLine, options);
    if (entry) yield entry;
  }
}

export function* readJsonlSync(file: string, options: JsonlReadOptions = {}): Generator<JsonlEntry> {
  for (const textLine of readTextLinesSync(file, options)) {
    const entry = toEntry(file, textLine, options);
    if (entry) yield entry;
  }
}

/** Parse one line of JSONL text; the error names file and line and says what to do. */
export function parseJsonlLine(text: string, file: string | undefined, line: number, field?: string): JsonlEntry {
  try {
    return { line, text, value: JSON.parse(text) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      line,
      text,
      problem: "syntax",
      error: new UserError(`not valid JSON (${reason}); the line may be torn or truncated. Fix or delete this line.`, { file, line, field, cause }),
    };
  }
}

/** A whole UTF-8 file as text, without a leading byte-order mark; invalid UTF-8 is an error naming the first bad line. */
export async function readUtf8File(file: string): Promise<string> {
  const bytes = await readFile(file);
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  } catch {
    for await (const { error } of readTextLines(file)) if (error) throw error;
    throw invalidUtf8(file, 1);
  }
}

function toEntry(file: string, textLine: TextLine, options: JsonlReadOptions): JsonlEntry | undefined {
  const { line, text, error } = textLine;
  if (error) return { line, text, error, problem: "encoding" };
  if (text.trim() === "") return undefined;
  const entry = parseJsonlLine(text, file, line, options.field);
  if (entry.error && textLine.last && options.tornTail === "skip") return undefined;
  return entry;
}

/** Cuts byte chunks into lines; keeps only the unfinished line between chunks. */
class LineSplitter {
  private pending: Buffer[] = [];
  private line = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly file: string) {}

  *push(chunk: Buffer): Generator<TextLine> {
    let rest = chunk;
    let newline = rest.indexOf(NEWLINE);
    while (newline >= 0) {
      const head = rest.subarray(0, newline);
      yield this.decode(this.pending.length > 0 ? Buffer.concat([...this.pending, head]) : head, false);
      this.pending = [];
      rest = rest.subarray(newline + 1);
      newline = rest.indexOf(NEWLINE);
    }
    if (rest.length > 0) this.pending.push(rest);
  }

  *end(): Generator<TextLine> {
    if (this.pending.length > 0) yield this.decode(Buffer.concat(this.pending), true);
    this.pending = [];
  }

  private decode(bytes: Buffer, last: boolean): TextLine {
    const line = ++this.line;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
    const content = bytes.subarray(0, end);
    let text: string;
    let error: UserError | undefined;
    try {
      text = this.decoder.decode(content);
    } catch {
      text = content.toString("utf8");
      error = invalidUtf8(this.file, line);
    }
    // Editors on Windows write a byte-order mark; it would break the first record.
    if (line === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    return error ? { line, text, last, error } : { line, text, last };
  }
}

function invalidUtf8(file: string, line: number): UserError {
  return new UserError("the line is not valid UTF-8; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)", { file, line });
}
