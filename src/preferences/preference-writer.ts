import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { preferenceRecordSchema, type PreferenceRecord } from "./preference-record.js";

/** Preference records as JSONL text (one validated record a line, newline-terminated). */
export function preferencesJsonl(records: readonly PreferenceRecord[]): string {
  return records.map((record) => `${JSON.stringify(preferenceRecordSchema.parse(record))}\n`).join("");
}

/**
 * Append preference records to a JSONL file (e.g. `<out>/preferences.jsonl`), creating the
 * file and its folder when needed. Appending keeps it safe to call once per trajectory.
 */
export async function appendPreferences(file: string, records: readonly PreferenceRecord[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, preferencesJsonl(records), "utf8");
}
