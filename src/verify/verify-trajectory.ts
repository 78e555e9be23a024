import { UserError } from "../errors.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord, Verdict } from "../schema/trajectory.js";
import { trajectoryChecks } from "./check-registry.js";
import { createDuplicateChecks, type DuplicateCheckOptions } from "./checks/duplicate-checks.js";
import type { CheckContext, Severity, TrajectoryCheck } from "./trajectory-check.js";

export interface VerifyOptions {
  /** The checks to run; default: every check in `trajectoryChecks`. */
  checks?: readonly TrajectoryCheck[];
  /** Per-check severity overrides; "off" skips the check. */
  severity?: Readonly<Record<string, Severity | "off">>;
  /** Functions whose result may end a conversation (see the final-answer check). */
  terminalFunctions?: readonly string[];
}

export interface VerifierOptions extends VerifyOptions {
  /** Add the stateful duplicate checks (default true); pass options to tune the near-duplicate threshold. */
  dedup?: boolean | DuplicateCheckOptions;
}

export interface Verification {
  /** One verdict per passing check, one per problem found; each with its severity. */
  verdicts: Verdict[];
  /** False when any verdict with severity "reject" failed. */
  accepted: boolean;
  rejections: Verdict[];
  warnings: Verdict[];
}

/**
 * Run the checks on one record. Stateless unless `options.checks` holds stateful checks (make
 * those with `createDuplicateChecks`, or use `createTrajectoryVerifier`, which remembers accepted
 * records across calls).
 */
export function verifyTrajectory(record: TrajectoryRecord, options: VerifyOptions & { task?: TaskRecord } = {}): Verification {
  const checks = options.checks ?? trajectoryChecks.list();
  const verification = runChecks(checks, record, { task: options.task, terminalFunctions: options.terminalFunctions }, options.severity);
  if (verification.accepted) for (const check of checks) check.remember?.(record);
  return verification;
}

/** A verifier for one run: the default checks plus duplicate detection across the records it sees. */
export function createTrajectoryVerifier(options: VerifierOptions = {}) {
  const dedup = options.dedup ?? true;
  const checks = [
    ...(options.checks ?? trajectoryChecks.list()),
    ...(dedup ? createDuplicateChecks(dedup === true ? {} : dedup) : []),
  ];
  for (const name of Object.keys(options.severity ?? {})) {
    if (!checks.some((check) => check.name === name)) {
      throw new UserError(`unknown check '${name}' in severity settings; known checks: ${checks.map((check) => check.name).join(", ")}`, {
        code: "invalid-config",
        field: "severity",
      });
    }
  }
  return {
    checks,
    verify(record: TrajectoryRecord, context: { task?: TaskRecord } = {}): Verification {
      return verifyTrajectory(record, { ...options, checks, task: context.task });
    },
  };
}

export type TrajectoryVerifier = ReturnType<typeof createTrajectoryVerifier>;

function runChecks(
  checks: readonly TrajectoryCheck[],
  record: TrajectoryRecord,
  context: CheckContext,
  overrides: VerifyOptions["severity"] = {},
): Verification {
  const verdicts: Verdict[] = [];
  for (const check of checks) {
    const severity = overrides[check.name] ?? check.defaultSeverity;
    if (severity === "off") continue;
    let found;
    try {
      found = check.run(record, context);
    } catch (error) {
      // A check that crashes on a malformed record reports it rather than stopping the run.
      found = { detail: `the check failed to run: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (found === undefined) continue;
    const findings: Array<{ ok?: boolean; detail?: string }> = Array.isArray(found) ? found : [found];
    const problems = findings.filter((finding) => finding.ok !== true);
    if (problems.length === 0) verdicts.push({ check: check.name, ok: true, severity });
    for (const problem of problems) verdicts.push({ check: check.name, ok: false, severity, detail: problem.detail ?? `${check.name} failed` });
  }
  const rejections = verdicts.filter((verdict) => !verdict.ok && verdict.severity === "reject");
  const warnings = verdicts.filter((verdict) => !verdict.ok && verdict.severity === "warn");
  return { verdicts, accepted: rejections.length === 0, rejections, warnings };
}

/** The record with the verification's verdicts stored on it (replacing earlier ones from the same checks). */
export function withVerdicts(record: TrajectoryRecord, verification: Verification): TrajectoryRecord {
  const checked = new Set(verification.verdicts.map((verdict) => verdict.check));
  return { ...record, verdicts: [...record.verdicts.filter((verdict) => !checked.has(verdict.check)), ...verification.verdicts] };
}

/** A one-line rejection reason from a verification, for `rejected.jsonl`. */
export function rejectionReason(verification: Verification): string | undefined {
  if (verification.accepted) return undefined;
  return verification.rejections.map((verdict) => `${verdict.check}: ${verdict.detail}`).join("; ");
}
