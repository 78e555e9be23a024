import { UserError } from "../errors.js";
import { bfclFormat } from "./bfcl-format.js";
import { buttonFormat } from "./button-format.js";
import { glaiveFormat } from "./glaive-format.js";
import { hermesFormat } from "./hermes-format.js";
import { openAIFormat } from "./openai-format.js";
import type { RecordFormat } from "./record-format.js";
import { shareGPTFormat } from "./sharegpt-format.js";
import { tauBenchFormat } from "./tau-bench-format.js";
import { toolBenchFormat } from "./toolbench-format.js";
import { toolACEFormat } from "./toolace-format.js";
import { xlamFormat } from "./xlam-format.js";

/**
 * The formats the library reads and writes, by name. Detection asks each format in order, so the
 * specific layouts (τ-bench, ToolBench, xLAM, ToolACE, glaive, BUTTON, Hermes) come before the general ones they
 * resemble (ShareGPT, OpenAI). Users can register their own.
 */
const formats: RecordFormat[] = [tauBenchFormat, toolBenchFormat, xlamFormat, toolACEFormat, glaiveFormat, buttonFormat, hermesFormat, bfclFormat, shareGPTFormat, openAIFormat];

export function registerFormat(format: RecordFormat, options: { before?: string } = {}): void {
  const existing = formats.findIndex((entry) => entry.name === format.name);
  if (existing >= 0) formats.splice(existing, 1);
  const at = options.before ? formats.findIndex((entry) => entry.name === options.before) : -1;
  formats.splice(at >= 0 ? at : formats.length, 0, format);
}

export function listFormats(): readonly RecordFormat[] {
  return formats;
}

/** Names of the formats that can be written (`button export --format`). */
export function writableFormatNames(): string[] {
  return formats.filter((format) => format.write).map((format) => format.name);
}

export function getFormat(name: string): RecordFormat {
  const format = formats.find((entry) => entry.name === name);
  if (!format) {
    throw new UserError(`unknown format '${name}'; choose one of: auto, ${formats.map((entry) => entry.name).join(", ")}`, {
      code: "invalid-config",
      field: "format",
    });
  }
  return format;
}

/** The first registered format that recognises `record`, or undefined. */
export function detectFormat(record: unknown): RecordFormat | undefined {
  return formats.find((format) => format.detect(record));
}
