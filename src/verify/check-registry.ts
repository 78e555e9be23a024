import { UserError } from "../errors.js";
import { answerFitCheck } from "./checks/answer-fit-check.js";
import { argumentCodesCheck, argumentProvenanceCheck } from "./checks/argument-provenance-check.js";
import { argumentsCheck } from "./checks/arguments-check.js";
import { callPairingCheck } from "./checks/call-pairing-check.js";
import { coverageCheck } from "./checks/coverage-check.js";
import { entityCheck } from "./checks/entity-check.js";
import { namedValueSlotCheck } from "./checks/named-value-slot-check.js";
import { describedFormatCheck } from "./checks/described-format-check.js";
import { finalAnswerCheck } from "./checks/final-answer-check.js";
import { groundingCheck } from "./checks/grounding-check.js";
import { knownFunctionsCheck } from "./checks/known-functions-check.js";
import { identifierProvenanceCheck } from "./checks/identifier-provenance-check.js";
import { parallelSanityCheck } from "./checks/parallel-sanity-check.js";
import { placeholderResultsCheck } from "./checks/placeholder-results-check.js";
import { resultConsistencyCheck } from "./checks/result-consistency-check.js";
import { resultsCheck } from "./checks/results-check.js";
import { roleOrderCheck } from "./checks/role-order-check.js";
import { structureCheck } from "./checks/structure-check.js";
import { toolsDeclaredCheck } from "./checks/tools-declared-check.js";
import { emptyToolResultCheck, wireFormatCheck } from "./checks/wire-format-check.js";
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
  wireFormatCheck,
  emptyToolResultCheck,
  // Negative variants (no-op on ordinary records).
  irrelevanceCheck,
  missingInfoCheck,
  missingFunctionCheck,
];

/**
 * The semantic checks: whether the values are true to the dialogue, not only well-formed. Their
 * severities were set from their counts on real datasets (docs/checks-and-judges.md).
 */
export const SEMANTIC_CHECKS: readonly TrajectoryCheck[] = [
  argumentProvenanceCheck,
  argumentCodesCheck,
  identifierProvenanceCheck,
  entityCheck,
  namedValueSlotCheck,
  describedFormatCheck,
  resultConsistencyCheck,
  placeholderResultsCheck,
  answerFitCheck,
];

/** The process-wide registry the verifier uses by default. */
export const trajectoryChecks = new CheckRegistry([...BUILT_IN_CHECKS, ...SEMANTIC_CHECKS]);
