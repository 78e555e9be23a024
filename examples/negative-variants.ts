/**
 * Negative cases: build composite tasks from the example seeds, turn a share of them into
 * negative variants (irrelevance, missing-info, missing-function, plus a custom one), play every
 * task out on the offline simulator, and check each trajectory's behaviour.
 *
 *   npx tsx examples/negative-variants.ts
 *
 * Prints one trajectory record per line (JSONL) on stdout and the variant mix on stderr.
 * Runs offline on the simulator. In your own project, import from "button-synth".
 */
import {
  constructTasks,
  parseTask,
  rejectionReason,
  resolveRoleModels,
  simulateTask,
  verifyTrajectory,
  type NegativeVariant,
} from "../src/index.js";

// A custom variant: the same request, but every function is offered under a name that says it is
// retired, with nothing that serves it. It shows the contract: return undefined when the task does
// not lend itself to the variant, and keep the facts in `meta.negative`.
const retiredService: NegativeVariant = {
  name: "retired-service",
  description: "The service behind the functions was retired; the right trajectory calls nothing and says so.",
  derive(task) {
    if (task.functions.length === 0) return undefined;
    const { id: _id, ...content } = task;
    return parseTask({
      ...content,
      // Labelled as the built-in kind it is, so the irrelevance behaviour check applies to it.
      variant: "irrelevance",
      functions: [
        {
          name: "get_service_status",
          description: "Tell whether the old booking service still runs.",
          parameters: {},
          required: [],
          responses: { running: { type: "boolean", description: "Whether the service runs" } },
        },
      ],
      subtasks: task.subtasks.map((subtask) => ({ ...subtask, functions: [], unserved: true })),
      meta: {
        ...task.meta,
        negative: {
          base_task_id: task.id,
          withheld_functions: task.functions.map((spec) => spec.name),
          unserved_subtasks: task.subtasks.map((subtask) => subtask.id),
          unserved_texts: task.subtasks.map((subtask) => subtask.text),
        },
      },
    });
  },
};

const { tasks, variants } = await constructTasks({
  seeds: "examples/seeds",
  count: 20,
  seed: 7,
  negatives: { irrelevance: 0.2, "missing-info": 0.2, "missing-function": 0.1, "retired-service": 0.05 },
  negativeVariants: [retiredService],
});
process.stderr.write(`variants made: ${JSON.stringify(variants.made)}\n`);

const models = resolveRoleModels({ seed: 7 });
let rejected = 0;
for (const task of tasks) {
  const record = await simulateTask(task, { models, seed: 7 });
  const reason = record.reason ?? rejectionReason(verifyTrajectory(record, { task }));
  if (reason) rejected++;
  process.stdout.write(`${JSON.stringify(reason ? { ...record, reason } : record)}\n`);
}
process.stderr.write(`${tasks.length} trajectories, ${rejected} rejected\n`);
