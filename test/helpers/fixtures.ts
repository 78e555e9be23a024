import { readFileSync } from "node:fs";
import { parseTask, type TaskRecord } from "../../src/schema/task.js";

/** The hand-written book task: two sequential sub-tasks, the second consumes the first's output. */
export function bookTask(): TaskRecord {
  return parseTask(JSON.parse(readFileSync(new URL("../fixtures/book-task.json", import.meta.url), "utf8")));
}

/** The bundled example tasks. */
export function exampleTasks(): TaskRecord[] {
  return readFileSync(new URL("../../examples/tasks.jsonl", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((line) => parseTask(JSON.parse(line)));
}

export function exampleTask(id: string): TaskRecord {
  const task = exampleTasks().find((candidate) => candidate.id === id);
  if (!task) throw new Error(`no example task '${id}'`);
  return task;
}
