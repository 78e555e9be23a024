import { UserError } from "../errors.js";
import { parseJsonlLine, readJsonl, readTextLines, type JsonlEntry } from "../util/jsonl-reader.js";
import { stableId } from "../schema/stable-id.js";
import { taskSchema, withTaskId } from "../schema/task.js";
import type { SourceEntry, TaskSource } from "./task-source.js";

/**
 * Tasks from a JSONL file, read as a stream (one line in memory at a time). A line that is
 * not valid JSON or not a valid task becomes an `invalid` entry with file, line and field,
 * and reading goes on.
 */
export class JsonlTaskSource implements TaskSource {
  constructor(readonly path: string) {}

  get description(): string {
    return this.path;
  }

  async *entries(): AsyncIterable<SourceEntry> {
    try {
      for await (const entry of readJsonl(this.path)) yield taskEntry(entry, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UserError(`Task file not found. Check the --tasks path.`, { file: this.path, code: "invalid-config" });
      }
      throw error;
    }
  }

  async count(): Promise<number | undefined> {
    let total = 0;
    try {
      for await (const { text } of readTextLines(this.path)) if (text.trim() !== "") total++;
    } catch {
      return undefined;
    }
    return total;
  }
}

export function parseTaskLine(text: string, file: string | undefined, line: number): SourceEntry {
  return taskEntry(parseJsonlLine(text, file, line), file);
}

/** A parsed line as a task, or as an `invalid` entry naming file, line and field. */
function taskEntry(entry: JsonlEntry, file: string | undefined): SourceEntry {
  const { line, text } = entry;
  const position = { origin: file, line };
  if (entry.error) {
    // Undecodable bytes are identified by place; a line that does not parse by its text.
    const id = entry.problem === "encoding" ? stableId("invalid", { file, line }) : stableId("invalid", text);
    return { kind: "invalid", id, position, error: entry.error };
  }
  const value = entry.value;
  const declaredId =
    value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string" && (value as { id: string }).id
      ? (value as { id: string }).id
      : stableId("invalid", text);
  const parsed = taskSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || undefined;
    return {
      kind: "invalid",
      id: declaredId,
      position,
      error: new UserError(`not a valid task: ${issue.message}`, { file, line, field }),
    };
  }
  return { kind: "task", task: withTaskId(parsed.data), position };
}
