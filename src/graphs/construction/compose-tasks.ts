import { z } from "zod";
import type { Subtask } from "../../schema/task.js";
import type { CompositionStrategy } from "./composition-strategies.js";
import { askModel, type StageContext } from "./stage-context.js";

export const COMPOSE_TASK_TOOL = "compose_task";

const SYSTEM = [
  "You combine simple tasks into one realistic multi-step request that a person could give an assistant.",
  "Answer by calling the tool you are given.",
].join("\n");

export function composeTaskPrompt(atomicTask: string, strategy: CompositionStrategy, maxDepth: number): string {
  const slots = strategy.plan({ maxDepth });
  const plan = slots.map((slot, index) =>
    index === 0 ? { ...slot, text: atomicTask } : slot,
  );
  return [
    `Compose a task with the "${strategy.name}" strategy: ${strategy.description}`,
    "Fill every slot of the plan after s1 (s1 is given). Rules:",
    "- Each new sub-task is realistic, concrete and doable in one step; it names no tool or function.",
    "- A sub-task that depends on another uses that one's result; say so (e.g. \"for the flight found\").",
    "- Sub-tasks may be reasoning steps (compare, calculate, decide) when that is natural.",
    "- The composite task is what the person would ask for as a whole, in one or two sentences: it states every concrete",
    "  value needed (names, places, dates, amounts) and does not list steps or name tools.",
    ...(strategy.guidance ?? []).map((line) => `- ${line}`),
    "<plan>",
    JSON.stringify(plan),
    "</plan>",
  ].join("\n");
}

export interface Composition {
  task: string;
  subtasks: Subtask[];
}

export async function composeTask(
  context: StageContext,
  atomicTask: string,
  strategy: CompositionStrategy,
  maxDepth: number,
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
    system: SYSTEM,
    prompt: composeTaskPrompt(atomicTask, strategy, maxDepth),
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
