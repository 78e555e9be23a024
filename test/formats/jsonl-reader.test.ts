import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJsonl, readJsonlSync, readTextLines, readUtf8File, type JsonlEntry, type JsonlReadOptions } from "../../src/util/jsonl-reader.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "button-jsonl-reader-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer, name = "data.jsonl"): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Both readers, so the synchronous one (journal, BFCL side files) is held to the same contract. */
async function both(path: string, options: JsonlReadOptions = {}): Promise<JsonlEntry[]> {
  const streamed: JsonlEntry[] = [];
  for await (const entry of readJsonl(path, options)) streamed.push(entry);
  expect([...readJsonlSync(path, options)]).toEqual(streamed);
  return streamed;
}

const summary = (entries: JsonlEntry[]) => entries.map((entry) => (entry.error ? [entry.line, "error"] : [entry.line, entry.value]));

describe("readJsonl", () => {
  it("yields line, text and value, numbering lines from 1 and skipping blank ones", async () => {
    const entries = await both(file('{"a":1}\n\n   \n[2]\n"three"\n'));
    expect(entries).toEqual([
      { line: 1, text: '{"a":1}', value: { a: 1 } },
      { line: 4, text: "[2]", value: [2] },
      { line: 5, text: '"three"', value: "three" },
    ]);
  });

  it("names file and line on a bad line and goes on reading", async () => {
    const path = file('{"a":1}\n{"b":\n{"c":3}\n');
    const entries = await both(path);
    expect(summary(entries)).toEqual([
      [1, { a: 1 }],
      [2, "error"],
      [3, { c: 3 }],
    ]);
    const bad = entries[1]!;
    expect(bad.error).toMatchObject({ name: "UserError", file: path, line: 2 });
    expect(bad.error!.message).toMatch(/data\.jsonl:line 2: not valid JSON \(.+\); the line may be torn or truncated/);
    expect(bad.error ? bad.problem : undefined).toBe("syntax");
    expect(bad.text).toBe('{"b":');
  });

  it("puts the caller's field on parse errors", async () => {
    const [entry] = await both(file("nope\n"), { field: "(json)" });
    expect(entry!.error).toMatchObject({ field: "(json)", line: 1 });
  });

  it("reads CRLF line ends without a trailing carriage return in text or value", async () => {
    const entries = await both(file('{"a":"x"}\r\n\r\n{"b":2}\r\n'));
    expect(entries.map((entry) => [entry.line, entry.text])).toEqual([
      [1, '{"a":"x"}'],
      [3, '{"b":2}'],
    ]);
  });

  it("drops a byte-order mark at the start of the file only", async () => {
    const entries = await both(file('\ufeff{"a":1}\n"\ufeffkept"\n'));
    expect(summary(entries)).toEqual([
      [1, { a: 1 }],
      [2, "\ufeffkept"],
    ]);
  });

  it("reports a torn last line by default and drops it with tornTail: skip", async () => {
    const path = file('{"a":1}\n{"b":2}\n{"c":');
    expect(summary(await both(path))).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
      [3, "error"],
    ]);
    expect(summary(await both(path, { tornTail: "skip" }))).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
    ]);
    // A last line without its newline that parses is a whole record, kept either way.
    expect(summary(await both(file('{"a":1}\n{"b":2}'), { tornTail: "skip" }))).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
    ]);
    // Only the last line counts as torn: a bad line in the middle is still an error.
    expect(summary(await both(file('{"a":\n{"b":2}'), { tornTail: "skip" }))).toEqual([
      [1, "error"],
      [2, { b: 2 }],
    ]);
  });

  it("reads a line longer than the read chunk, and multi-byte characters split across chunks", async () => {
    const long = { text: "é€😀".repeat(5_000) };
    const path = file(`${JSON.stringify({ short: 1 })}\n${JSON.stringify(long)}\n${JSON.stringify({ after: true })}\n`);
    for (const chunkSize of [7, 1024, undefined]) {
      expect(summary(await both(path, { chunkSize }))).toEqual([
        [1, { short: 1 }],
        [2, long],
        [3, { after: true }],
      ]);
    }
  });

  it("reports invalid UTF-8 with file and line, as an encoding problem", async () => {
    const path = file(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from('{"city":"Lisb\u00f3n"}\n', "latin1")]));
    const entries = await both(path);
    expect(entries[0]).toMatchObject({ line: 1, value: { a: 1 } });
    expect(entries[1]!.error!.message).toMatch(/data\.jsonl:line 2: the line is not valid UTF-8/);
    expect(entries[1]!.error ? entries[1]!.problem : undefined).toBe("encoding");
  });

  it("reads an empty file as no entries and throws ENOENT for a missing one", async () => {
    expect(await both(file(""))).toEqual([]);
    await expect(async () => {
      for await (const _ of readJsonl(join(dir, "absent.jsonl"))) void _;
    }).rejects.toMatchObject({ code: "ENOENT" });
    expect(() => [...readJsonlSync(join(dir, "absent.jsonl"))]).toThrow(/ENOENT/);
  });

  it("stops reading when the consumer stops", async () => {
    const path = file(Array.from({ length: 1000 }, (_, index) => JSON.stringify({ index })).join("\n"));
    const seen: number[] = [];
    for await (const entry of readJsonl(path, { chunkSize: 64 })) {
      seen.push(entry.line);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe("readTextLines and readUtf8File", () => {
  it("marks only an unterminated last line as last", async () => {
    const lines = [];
    for await (const line of readTextLines(file("a\nb\nc"))) lines.push([line.text, line.last]);
    expect(lines).toEqual([
      ["a", false],
      ["b", false],
      ["c", true],
    ]);
  });

  it("reads a whole file without its byte-order mark and names the first line that is not UTF-8", async () => {
    expect(await readUtf8File(file("\ufeff[1,\n2]"))).toBe("[1,\n2]");
    const bad = file(Buffer.concat([Buffer.from("[1,\n2,\n"), Buffer.from('"\u00e9"]', "latin1")]), "bad.json");
    await expect(readUtf8File(bad)).rejects.toThrow(/bad\.json:line 3: the line is not valid UTF-8/);
  });
});
