import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";

/** One line of a text file, or why it could not be decoded. */
export type TextLine = { line: number; text: string; error?: undefined } | { line: number; text?: undefined; error: UserError };

const BYTE_ORDER_MARK = "\ufeff";

/**
 * The lines of a UTF-8 file, streamed: a byte-order mark at the start is dropped (editors on
 * Windows write one, and it would break the first record), `\r\n` counts as a line end, and a
 * line that is not valid UTF-8 is reported with its number instead of being read with U+FFFD in
 * place of the bad bytes.
 */
export async function* readTextLines(file: string): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let pending: Buffer[] = [];
  let line = 0;
  const decode = (bytes: Buffer): TextLine => {
    line++;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    try {
      let text = decoder.decode(bytes.subarray(0, end));
      if (line === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
      return { line, text };
    } catch {
      return { line, error: invalidUtf8(file, line, bytes) };
    }
  };
  for await (const chunk of createReadStream(file)) {
    let buffer = chunk as Buffer;
    let newline = buffer.indexOf(0x0a);
    while (newline >= 0) {
      const head = buffer.subarray(0, newline);
      yield decode(pending.length > 0 ? Buffer.concat([...pending, head]) : head);
      pending = [];
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(0x0a);
    }
    if (buffer.length > 0) pending.push(buffer);
  }
  if (pending.length > 0) yield decode(Buffer.concat(pending));
}

/** A whole UTF-8 file as text, without a leading byte-order mark; invalid UTF-8 is an error naming the line. */
export async function readTextFile(file: string): Promise<string> {
  const bytes = await readFile(file);
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  } catch {
    let line = 1;
    for (const [index, text] of bytes.toString("binary").split("\n").entries()) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(text, "binary"));
      } catch {
        line = index + 1;
        break;
      }
    }
    throw invalidUtf8(file, line, undefined);
  }
}

function invalidUtf8(file: string, line: number, _bytes: Buffer | undefined): UserError {
  return new UserError("the line is not valid UTF-8; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)", { file, line });
}
