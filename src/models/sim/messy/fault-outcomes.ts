import type { FaultEvidence, FaultKind, InjectedFault } from "./fault-kinds.js";
import { FAULT_KINDS } from "./fault-kinds.js";

/** A trajectory record as far as the fault audit reads it. */
export interface AuditedRecord {
  task_id: string;
  messages: Array<{ role: string; content?: string | null; thought?: string; tool_calls?: Array<{ function: { name: string; arguments: string } }> }>;
  reason?: string;
}

export interface FaultOutcome {
  kind: FaultKind;
  injected: number;
  /** In a task whose record was accepted, and not found in that record. */
  recovered: number;
  /** In a task whose record was rejected. */
  rejected: number;
  /** Rejected records whose reason names this kind. */
  rejected_naming_kind: number;
  /** In an accepted record: a fault that got through (must be zero). */
  leaked: number;
}

/** True when a record still shows the fault's evidence. */
export function carriesFault(record: AuditedRecord, evidence: FaultEvidence): boolean {
  for (const message of record.messages) {
    if ("text" in evidence) {
      if ((message.content ?? "").includes(evidence.text) || (message.thought ?? "").includes(evidence.text)) return true;
    }
    if ("empty_thought" in evidence && message.role === "assistant" && (message.tool_calls?.length ?? 0) > 0 && (message.content ?? "").trim() === "") return true;
    if ("call" in evidence) {
      for (const call of message.tool_calls ?? []) {
        if (call.function.name !== evidence.call) continue;
        const args = parseArgs(call.function.arguments);
        if ("argument" in evidence) {
          if (args[evidence.argument] === evidence.value) return true;
        } else if ("missing" in evidence && evidence.missing !== undefined) {
          if (!(evidence.missing in args)) return true;
        } else return true;
      }
    }
  }
  return false;
}

/**
 * What became of each injected fault: per kind, how many were injected, in tasks that ended
 * accepted (recovered) or rejected, and how many leaked into an accepted record. Faults of
 * construction stages are not about trajectories and are left out (see `constructionFaults`).
 */
export function faultOutcomes(faults: readonly InjectedFault[], accepted: readonly AuditedRecord[], rejected: readonly AuditedRecord[]): FaultOutcome[] {
  const acceptedById = new Map(accepted.map((record) => [record.task_id, record]));
  const rejectedById = new Map(rejected.map((record) => [record.task_id, record]));
  const rows = new Map<FaultKind, FaultOutcome>(
    FAULT_KINDS.map((kind) => [kind, { kind, injected: 0, recovered: 0, rejected: 0, rejected_naming_kind: 0, leaked: 0 }]),
  );
  const namedRejections = new Set<string>();
  for (const fault of faults) {
    if ("stage" in fault.evidence || fault.role.startsWith("construction-")) continue;
    const row = rows.get(fault.kind)!;
    row.injected++;
    const record = acceptedById.get(fault.task);
    if (record) {
      if (carriesFault(record, fault.evidence)) row.leaked++;
      else row.recovered++;
      continue;
    }
    const failed = rejectedById.get(fault.task);
    if (failed) {
      row.rejected++;
      if ((failed.reason ?? "").includes(fault.kind) && !namedRejections.has(`${fault.task}:${fault.kind}`)) {
        namedRejections.add(`${fault.task}:${fault.kind}`);
        row.rejected_naming_kind++;
      }
    } else if (accepted.some((candidate) => carriesFault(candidate, fault.evidence))) {
      // Without a task id, a fault leaks if any accepted record shows it.
      row.leaked++;
    } else row.recovered++;
  }
  return [...rows.values()].filter((row) => row.injected > 0);
}

/** A Markdown table of fault outcomes. */
export function formatFaultTable(rows: readonly FaultOutcome[]): string {
  const lines = ["| fault kind | injected | recovered | rejected | leaked |", "|---|---:|---:|---:|---:|"];
  const total = { injected: 0, recovered: 0, rejected: 0, leaked: 0 };
  for (const row of rows) {
    lines.push(`| ${row.kind} | ${row.injected} | ${row.recovered} | ${row.rejected} | ${row.leaked} |`);
    total.injected += row.injected;
    total.recovered += row.recovered;
    total.rejected += row.rejected;
    total.leaked += row.leaked;
  }
  lines.push(`| **all** | ${total.injected} | ${total.recovered} | ${total.rejected} | ${total.leaked} |`);
  return lines.join("\n");
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

/** Faults injected into construction stages, counted by kind. */
export function constructionFaults(faults: readonly InjectedFault[]): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const fault of faults) if (fault.role.startsWith("construction-")) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
  return counts;
}
