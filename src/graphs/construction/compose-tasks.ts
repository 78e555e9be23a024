import { z } from "zod";
import type { Subtask } from "../../schema/task.js";
import type { CompositionStrategy } from "./composition-strategies.js";
import { askModel, type StageContext } from "./stage-context.js";
import { COMPOSE_TASK_SYSTEM, composeTaskPrompt } from "./prompts/compose-task-prompt.js";
import type { StageFeedback } from "./prompts/feedback-section.js";

export { composeTaskPrompt };

export const COMPOSE_TASK_TOOL = "compose_task";

export interface Composition {
  task: string;
  subtasks: Subtask[];
}

export async function composeTask(
  context: StageContext,
  atomicTask: string,
  strategy: CompositionStrategy,
  maxDepth: number,
  feedback?: StageFeedback,
): Promise<Composition> {
  const slots = strategy.plan({ maxDepth });
  const newSlots = slots.slice(1);
  const schema = z.object({
    subtasks: z
      .array(z.object({ id: z.string(), text: z.string().trim().min(8, "write each sub-task as a full sentence") }))
      .length(newSlots.length, `fill exactly the slots ${newSlots.map((slot) => slot.id).join(", ")}`),
    task: z.string().trim().min(12, "write the composite task as a full request"),
  });
  const value = await askModel(context, {
    name: COMPOSE_TASK_TOOL,
    description: `Write sub-tasks ${newSlots.map((slot) => slot.id).join(", ")} and the composite task.`,
    schema,
    system: COMPOSE_TASK_SYSTEM,
    prompt: composeTaskPrompt(atomicTask, strategy, maxDepth, feedback),
  });
  // Slots are matched by position: the plan, not the model, owns ids, roles and dependencies.
  const subtasks: Subtask[] = slots.map((slot, index) => ({
    id: slot.id,
    text: index === 0 ? atomicTask : value.subtasks[index - 1]!.text,
    role: slot.role,
    depends_on: [...slot.depends_on],
    functions: [],
  }));
  return { task: value.task, subtasks };
}
