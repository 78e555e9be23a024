import type { FunctionSpec } from "../../schema/function-spec.js";
import type { CandidateTask } from "./candidate.js";
import type { FunctionRegistry } from "./function-registry.js";
import { validateTask } from "./validate-task.js";

/**
 * Swap a task's functions for known near-duplicates from the registry, renaming the sub-tasks'
 * references. When the swap would break the task (a reused spec no longer connects to its
 * neighbour), the task keeps its own functions and they are registered as new.
 */
export function applyRegistry(
  candidate: CandidateTask,
  registry: FunctionRegistry,
): { candidate: CandidateTask; merged: string[]; reused: number } {
  const functions = candidate.functions ?? [];
  const renames = new Map<string, string>();
  const chosen: FunctionSpec[] = [];
  const merged: string[] = [];
  let reused = 0;
  for (const spec of functions) {
    const duplicate = registry.findDuplicate(spec);
    const use = duplicate?.spec ?? spec;
    if (duplicate && JSON.stringify(use) === JSON.stringify(spec)) reused++;
    else if (duplicate) merged.push(`${spec.name}→${use.name}`);
    renames.set(spec.name, use.name);
    if (!chosen.some((existing) => existing.name === use.name)) chosen.push(use);
  }
  if (merged.length === 0) {
    functions.forEach((spec) => registry.add(spec));
    return { candidate, merged, reused };
  }
  const subtasks = (candidate.subtasks ?? []).map((subtask) => ({
    ...subtask,
    functions: [...new Set(subtask.functions.map((name) => renames.get(name) ?? name))],
  }));
  const swapped = { ...candidate, subtasks, functions: chosen };
  if (validateTask({ subtasks, functions: chosen, kinds: swapped.kinds }).length > 0) {
    functions.forEach((spec) => registry.add(spec));
    return { candidate, merged: [], reused };
  }
  chosen.forEach((spec) => registry.add(spec));
  return { candidate: swapped, merged, reused };
}
