import { readdir, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { UserError } from "../../errors.js";
import { glaiveSeedReader as glaiveReader } from "../glaive-format.js";
import { openAIChatSeedReader as openAIChatReader } from "../openai-format.js";
import { shareGPTSeedReader as sharegptReader } from "../sharegpt-format.js";
import { toolBenchSeedReader as toolbenchReader } from "../toolbench-format.js";
import { readJsonRecords } from "./json-records.js";
import { readSeedFile, seedStream, unsupportedFile } from "./read-seed-file.js";
import type { ReadSeedsOptions, Seed, SeedReader } from "./seed.js";

export type { ReadSeedsOptions, Seed, SeedFormat, SeedReader } from "./seed.js";
/** The seed side of the glaive, ShareGPT, ToolBench and OpenAI format modules, under their seed-facing names. */
export { glaiveReader, openAIChatReader, sharegptReader, toolbenchReader, readSeedFile };

/** Most specific shapes first: a ToolBench record also has plain keys others might match. */
export const SEED_READERS: readonly SeedReader[] = [toolbenchReader, glaiveReader, sharegptReader, openAIChatReader];

export const readGlaiveSeeds = seedStream(glaiveReader);
export const readShareGptSeeds = seedStream(sharegptReader);
export const readToolBenchSeeds = seedStream(toolbenchReader);
export const readOpenAIChatSeeds = seedStream(openAIChatReader);

const SEED_EXTENSIONS = new Set([".json", ".jsonl", ".ndjson"]);
/** How many leading records to try when recognising a file whose first lines are malformed. */
const DETECTION_RECORDS = 20;

/** The reader whose shape the file's first well-formed record has, or undefined. */
export async function detectSeedReader(file: string): Promise<SeedReader | undefined> {
  let tried = 0;
  for await (const record of readJsonRecords(file)) {
    if (++tried > DETECTION_RECORDS) break;
    if ("error" in record) continue;
    return SEED_READERS.find((reader) => reader.detect(record.value));
  }
  return undefined;
}

/**
 * Stream seeds from a file or a directory (every supported file in it, recursively, sorted
 * by path), recognising each file's format from its content. Malformed records are reported
 * through `onMalformed` and skipped; unrecognised files in a directory through `onSkippedFile`.
 */
export async function* readSeeds(input: string, options: ReadSeedsOptions = {}): AsyncGenerator<Seed> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UserError(`seed input not found; pass an existing file or directory`, { file: input, field: "--seeds" });
  if (info.isFile()) {
    const reader = await detectSeedReader(input);
    if (!reader) throw unsupportedFile(input, "no seed format recognised in this file");
    yield* readSeedFile(reader, input, options);
    return;
  }
  for (const file of await listFiles(input)) {
    const reader = await detectSeedReader(file);
    if (!reader) {
      options.onSkippedFile?.(file, "no seed format recognised");
      continue;
    }
    yield* readSeedFile(reader, file, { ...options, name: relative(input, file).split("\\").join("/") });
  }
}

/** Supported files under a directory, depth first, in byte order of their paths (stable across machines). */
async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries.map((entry) => entry.name).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const files: string[] = [];
  for (const name of names) {
    const entry = entries.find((candidate) => candidate.name === name)!;
    const path = join(directory, name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile() && SEED_EXTENSIONS.has(extname(name).toLowerCase())) files.push(path);
  }
  return files;
}
