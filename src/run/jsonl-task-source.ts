import { createReadStream } from "node:fs";
import { readTextLines } from "../formats/text-lines.js";
import { createInterface } from "node:readline";
import { UserError } from "../errors.js";
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
      for await (const { line, text, error } of readTextLines(this.path)) {
        if (error) {
          yield { kind: "invalid", id: stableId("invalid", { file: this.path, line }), position: { origin: this.path, line }, error };
          continue;
        }
        if (text.trim() === "") continue;
        yield parseTaskLine(text, this.path, line);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UserError(`Task file not found. Check the --tasks path.`, { file: this.path, code: "invalid-config" });
      }
      throw error;
    }
  }

  async count(): Promise<number | undefined> {
    let total = 0;
    const lines = createInterface({ input: createReadStream(this.path, { encoding: "utf8" }), crlfDelay: Infinity });
    try {
      for await (const text of lines) if (text.trim() !== "") total++;
    } catch {
      return undefined;
    }
    return total;
  }
}

export function parseTaskLine(text: string, file: string | undefined, line: number): SourceEntry {
  const position = { origin: file, line };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      kind: "invalid",
      id: stableId("invalid", text),
      position,
      error: new UserError(`not valid JSON (${(error as Error).message}); fix or remove the line`, { file, line }),
    };
  }
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
