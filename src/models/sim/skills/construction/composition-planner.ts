import type { SeededRandom } from "../../../../util/seeded-random.js";
import { FIELDS } from "./fields.js";
import type { LifeDomain, Operation } from "./life-domains.js";
import { renderOperation, type OperationUse } from "./operation-text.js";
import { reconcileValues, valueFor } from "./task-values.js";

/** A slot of the composer's plan, as the prompt states it. */
export interface PlanSlot {
  id: string;
  role: string;
  depends_on: string[];
}

export interface PlannedStep {
  id: string;
  /** Undefined for a reasoning step (no function). */
  operation?: Operation;
  text: string;
}

/** The reasoning step the simulator writes when two results need weighing against each other. */
export const COMPARISON_STEP = "Compare the two results and say which option is better.";

/** Inputs that a person cannot simply state in a request; they must come from an earlier step. */
const UNSTATEABLE = new Set(["id", "list", "text"]);

/**
 * Pick an operation for every slot so that each dependency is carried by data: the later
 * operation takes a field the earlier one returns. `connected` is false when no such chain
 * exists in the domain and the plan was filled as well as possible.
 */
export function planComposition(
  first: OperationUse,
  slots: PlanSlot[],
  random: SeededRandom,
  key: string,
): { steps: PlannedStep[]; connected: boolean } {
  const values: Record<string, string | number> = { ...first.values };
  const firstStep: PlannedStep = { id: slots[0]?.id ?? "s1", operation: first.operation, text: renderOperation(first.operation, first.values, []) };

  const isParallelThenSequential =
    slots.length === 3 && slots[1]!.depends_on.length === 0 && slots[2]!.depends_on.length === 2;
  const assigned = new Map<string, Operation>([[firstStep.id, first.operation]]);
  const chosen = search(first.domain, slots, 1, assigned, random, key);
  // With nothing to feed a joint next step, two runs of the same request side by side can still be weighed.
  if (isParallelThenSequential && (!chosen || random.unit("comparison", key) < 0.3)) {
    const alternative = alternativeValues(first, random, key);
    if (alternative) {
      return {
        steps: [
          firstStep,
          { id: slots[1]!.id, operation: first.operation, text: renderOperation(first.operation, alternative, []) },
          { id: slots[2]!.id, text: COMPARISON_STEP },
        ],
        connected: true,
      };
    }
  }

  const operations = chosen ?? greedyFill(first.domain, slots, assigned, random, key);
  const steps: PlannedStep[] = [firstStep];
  for (const slot of slots.slice(1)) {
    const operation = operations.get(slot.id);
    if (!operation) {
      steps.push({ id: slot.id, text: COMPARISON_STEP });
      continue;
    }
    const supplied = new Set(slot.depends_on.flatMap((id) => operations.get(id)?.outputs ?? []));
    const fromEarlier = operation.inputs.filter((field) => supplied.has(field));
    for (const field of operation.inputs) {
      if (!fromEarlier.includes(field) && values[field] === undefined) values[field] = valueFor(field, random, key, slot.id);
    }
    reconcileValues(values);
    steps.push({ id: slot.id, operation, text: renderOperation(operation, values, fromEarlier) });
  }
  return { steps, connected: chosen !== undefined };
}

function candidates(
  domain: LifeDomain,
  slot: PlanSlot,
  assigned: Map<string, Operation>,
  random: SeededRandom,
  key: string,
): Operation[] {
  const used = new Set([...assigned.values()].map((operation) => operation.name));
  const dependencies = slot.depends_on.map((id) => assigned.get(id)).filter((operation): operation is Operation => Boolean(operation));
  const fits = domain.operations.filter((operation) => {
    if (used.has(operation.name)) return false;
    if (slot.depends_on.length === 0) return operation.starter === true;
    if (dependencies.length < slot.depends_on.length) return false;
    const supplied = new Set(dependencies.flatMap((dependency) => dependency.outputs));
    if (!dependencies.every((dependency) => operation.inputs.some((field) => dependency.outputs.includes(field)))) return false;
    return operation.inputs.every((field) => supplied.has(field) || !UNSTATEABLE.has(FIELDS[field]?.kind ?? "text"));
  });
  return fits
    .map((operation) => ({ operation, rank: random.unit("plan", key, slot.id, operation.name) }))
    .sort((left, right) => left.rank - right.rank)
    .map((entry) => entry.operation);
}

/** Depth-first search over slots in order; the first complete, connected assignment wins. */
function search(
  domain: LifeDomain,
  slots: PlanSlot[],
  index: number,
  assigned: Map<string, Operation>,
  random: SeededRandom,
  key: string,
): Map<string, Operation> | undefined {
  if (index >= slots.length) return new Map(assigned);
  const slot = slots[index]!;
  for (const operation of candidates(domain, slot, assigned, random, key)) {
    assigned.set(slot.id, operation);
    const found = search(domain, slots, index + 1, assigned, random, key);
    assigned.delete(slot.id);
    if (found) return found;
  }
  return undefined;
}

/** No connected plan exists: fill each slot with what fits best, leaving gaps a judge will notice. */
function greedyFill(
  domain: LifeDomain,
  slots: PlanSlot[],
  start: Map<string, Operation>,
  random: SeededRandom,
  key: string,
): Map<string, Operation> {
  const assigned = new Map(start);
  for (const slot of slots.slice(1)) {
    const fitting = candidates(domain, slot, assigned, random, key)[0];
    const fallback = candidates(domain, { ...slot, depends_on: [] }, assigned, random, key)[0];
    const operation = fitting ?? fallback;
    if (operation) assigned.set(slot.id, operation);
  }
  return assigned;
}

/** Different stated values for the same operation, for a side-by-side comparison. */
function alternativeValues(first: OperationUse, random: SeededRandom, key: string): Record<string, string | number> | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const values: Record<string, string | number> = {};
    for (const field of first.operation.inputs) values[field] = valueFor(field, random, key, "alternative", attempt);
    reconcileValues(values);
    const differs = first.operation.inputs.some((field) => String(values[field]) !== first.values[field]);
    if (differs) return values;
  }
  return undefined;
}
