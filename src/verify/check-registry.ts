import { UserError } from "../errors.js";
import { argumentsCheck } from "./checks/arguments-check.js";
import { callPairingCheck } from "./checks/call-pairing-check.js";
import { coverageCheck } from "./checks/coverage-check.js";
import { finalAnswerCheck } from "./checks/final-answer-check.js";
import { groundingCheck } from "./checks/grounding-check.js";
import { knownFunctionsCheck } from "./checks/known-functions-check.js";
import { parallelSanityCheck } from "./checks/parallel-sanity-check.js";
import { resultsCheck } from "./checks/results-check.js";
import { roleOrderCheck } from "./checks/role-order-check.js";
import { structureCheck } from "./checks/structure-check.js";
import { toolsDeclaredCheck } from "./checks/tools-declared-check.js";
import { irrelevanceCheck } from "./checks/irrelevance-check.js";
import { missingFunctionCheck } from "./checks/missing-function-check.js";
import { missingInfoCheck } from "./checks/missing-info-check.js";
import type { TrajectoryCheck } from "./trajectory-check.js";

/**
 * Named trajectory checks. The default registry holds the built-in stateless checks; add your
 * own with `trajectoryChecks.register(check)`. Stateful checks (duplicates) are made per run by
 * `createDuplicateChecks` and passed to the verifier, because their memory belongs to one run.
 */
export class CheckRegistry {
  private readonly checks = new Map<string, TrajectoryCheck>();

  constructor(checks: readonly TrajectoryCheck[] = []) {
    for (const check of checks) this.register(check);
  }

  register(check: TrajectoryCheck): this {
    if (!check.name || typeof check.run !== "function") {
      throw new UserError("a trajectory check needs a 'name' and a 'run(record, context)' function", { code: "invalid-config" });
    }
    this.checks.set(check.name, check);
    return this;
  }

  unregister(name: string): boolean {
    return this.checks.delete(name);
  }

  get(name: string): TrajectoryCheck | undefined {
    return this.checks.get(name);
  }

  list(): TrajectoryCheck[] {
    return [...this.checks.values()];
  }
}

export const BUILT_IN_CHECKS: readonly TrajectoryCheck[] = [
  structureCheck,
  roleOrderCheck,
  callPairingCheck,
  knownFunctionsCheck,
  argumentsCheck,
  resultsCheck,
  finalAnswerCheck,
  coverageCheck,
  groundingCheck,
  parallelSanityCheck,
  toolsDeclaredCheck,
  // Negative variants (no-op on ordinary records).
  irrelevanceCheck,
  missingInfoCheck,
  missingFunctionCheck,
];

/** The process-wide registry the verifier uses by default. */
export const trajectoryChecks = new CheckRegistry(BUILT_IN_CHECKS);
