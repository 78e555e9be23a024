import { argumentLeaves } from "../evidence/argument-kinds.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { where } from "./argument-provenance-check.js";

/**
 * A format the parameter's description states is a format the value has: "Billing month,
 * YYYY-MM." takes `2025-08`, not `August`; "Departure time, HH:MM." takes `09:30`. JSON Schema
 * rarely carries these as `pattern` or `format`, so `arguments-valid` cannot see them; the
 * description is where real tool sets write them.
 */
const FORMATS: Array<{ name: string; stated: RegExp; value: RegExp }> = [
  { name: "YYYY-MM-DD", stated: /\byyyy-mm-dd\b/i, value: /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/ },
  { name: "YYYY-MM", stated: /\byyyy-mm\b(?!-)/i, value: /^\d{4}-(0[1-9]|1[0-2])$/ },
  { name: "HH:MM", stated: /\bhh:mm\b/i, value: /^([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/ },
  { name: "an ISO 4217 currency code", stated: /\biso(?: 4217)? currency code\b|\bthree-letter currency code\b/i, value: /^[A-Z]{3}$/ },
];

export const describedFormatCheck: TrajectoryCheck = {
  name: "described-format",
  description: "an argument has the format its parameter's description states (YYYY-MM-DD, YYYY-MM, HH:MM, ISO currency code)",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const leaf of argumentLeaves(record)) {
      if (typeof leaf.value !== "string" || leaf.path !== leaf.parameter) continue;
      const description = String(leaf.spec?.description ?? "");
      // "YYYY-MM-DD or YYYY-MM": either format the description names will do.
      const stated = FORMATS.filter((format) => format.stated.test(description));
      if (stated.length === 0 || stated.some((format) => format.value.test(leaf.value as string))) continue;
      findings.push({ detail: `${where(leaf)}: '${leaf.value}' is not in the format its description states (${stated.map((format) => format.name).join(" or ")})` });
    }
    return findings;
  },
};
