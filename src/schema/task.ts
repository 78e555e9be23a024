import { z } from "zod";
import { functionSpecSchema } from "./function-spec.js";
import { stableId } from "./stable-id.js";

export const BUILT_IN_STRATEGIES = ["atomic", "sequential", "parallel-then-sequential"] as const;
export const BUILT_IN_VARIANTS = ["irrelevance", "missing-info", "missing-function"] as const;
export const BUILT_IN_SUBTASK_ROLES = ["given", "parallel", "subsequent"] as const;

export const subtaskSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  /** `given`, `parallel`, `subsequent`, or a custom strategy's role. */
  role: z.string().min(1),
  depends_on: z.array(z.string()).default([]),
  /** Names of the task's functions that serve this sub-task; empty for logic/arithmetic steps. */
  functions: z.array(z.string()).default([]),
  /**
   * True when no offered function can do this sub-task (a negative variant withheld them, or a
   * step depends on one that cannot be done); absent on ordinary tasks.
   */
  unserved: z.boolean().optional(),
});
export type Subtask = z.infer<typeof subtaskSchema>;

export const taskSchema = z
  .object({
    id: z.string().min(1).optional(),
    scenario: z.string().default(""),
    /** `atomic`, `sequential`, `parallel-then-sequential`, or a registered custom strategy. */
    strategy: z.string().min(1),
    task: z.string().min(1),
    subtasks: z.array(subtaskSchema).min(1),
    functions: z.array(functionSpecSchema),
    /**
     * A negative variant of a composite task (`irrelevance`, `missing-info`, `missing-function`,
     * or a registered custom one); absent on an ordinary task. Its facts sit in `meta.negative`.
     */
    variant: z.string().min(1).optional(),
    meta: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((task, context) => {
    const names = new Set(task.functions.map((spec) => spec.name));
    const subtaskIds = new Set(task.subtasks.map((subtask) => subtask.id));
    task.subtasks.forEach((subtask, index) => {
      for (const name of subtask.functions) {
        if (!names.has(name)) {
          context.addIssue({
            code: "custom",
            path: ["subtasks", index, "functions"],
            message: `sub-task '${subtask.id}' names function '${name}', which is not in 'functions' (have: ${[...names].join(", ") || "none"})`,
          });
        }
      }
      for (const dependency of subtask.depends_on) {
        if (!subtaskIds.has(dependency)) {
          context.addIssue({
            code: "custom",
            path: ["subtasks", index, "depends_on"],
            message: `sub-task '${subtask.id}' depends on unknown sub-task '${dependency}'`,
          });
        }
      }
    });
  });

export type TaskInput = z.input<typeof taskSchema>;
/** A task record with its id resolved (given, or a stable hash of its content). */
export type TaskRecord = z.output<typeof taskSchema> & { id: string };

/** Parse a task record; a missing `id` becomes a stable hash of the content. */
export function parseTask(input: unknown): TaskRecord {
  const task = taskSchema.parse(input);
  return withTaskId(task);
}

export function withTaskId(task: z.output<typeof taskSchema>): TaskRecord {
  if (task.id) return task as TaskRecord;
  const { meta: _meta, id: _id, ...content } = task;
  // `id` may be present but undefined; it must not override the hash.
  const { id: _absent, ...rest } = task;
  return { id: stableId("t", content), ...rest } as TaskRecord;
}
