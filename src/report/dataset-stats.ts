import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { readJsonLines } from "../formats/json-lines.js";
import { readRecords } from "../formats/read-records.js";
import { isObject } from "../formats/record-format.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { distribution, type Distribution } from "./distribution.js";

export interface TokenTotals {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface DatasetStats {
  /** The files the numbers come from. */
  files: { trajectories: string[]; rejected?: string; tasks?: string };
  formats: Record<string, number>;
  /** Readable trajectory records (accepted ones, for a run directory). */
  trajectories: number;
  /** Records in rejected.jsonl, plus records in the input that carry a `reason`. */
  rejected: number;
  /** Lines that could not be read. */
  unreadable: number;
  /** Assistant messages per trajectory. */
  turns: Distribution;
  callsPerTrajectory: Distribution;
  /** Calls per calling turn. */
  callsPerTurn: Distribution;
  /** Turns with more than one call, per trajectory. */
  parallelTurns: Distribution;
  /** Functions per task (from tasks.jsonl; else the tools each trajectory declares). */
  functionsPerTask: Distribution;
  strategies: Record<string, number>;
  /**
   * The negative-variant mix: accepted trajectories by `meta.variant` ("ordinary" when none), and
   * tasks by `variant` when there is a tasks.jsonl. Empty when no record is a variant.
   */
  variants: { trajectories: Record<string, number>; tasks: Record<string, number> };
  /** Rejection reasons by kind (the text before the first ':'). */
  rejectionReasons: Record<string, number>;
  /** Failed verdicts stored on the trajectories, by check. */
  failedVerdicts: Record<string, number>;
  tokenUsage: { records: number; total: TokenTotals; byRole: Record<string, TokenTotals> };
}

/**
 * Statistics for a run directory (trajectories.jsonl, rejected.jsonl, tasks.jsonl) or for any
 * file or directory of trajectories in a supported format.
 */
export async function collectStats(path: string): Promise<DatasetStats> {
  const isDirectory = (await stat(path)).isDirectory();
  const rejectedFile = isDirectory && existsSync(join(path, "rejected.jsonl")) ? join(path, "rejected.jsonl") : undefined;
  const tasksFile = isDirectory && existsSync(join(path, "tasks.jsonl")) ? join(path, "tasks.jsonl") : undefined;
  const trajectoryInput = isDirectory && existsSync(join(path, "trajectories.jsonl")) ? join(path, "trajectories.jsonl") : path;
  const stats = emptyStats();
  const records: TrajectoryRecord[] = [];
  const files = new Set<string>();
  const functionCounts = new Map<string, number>();
  for await (const entry of readRecords(trajectoryInput)) {
    files.add(entry.file);
    if (entry.error) {
      stats.unreadable++;
      continue;
    }
    stats.formats[entry.format] = (stats.formats[entry.format] ?? 0) + 1;
    if (entry.record.reason !== undefined) {
      countReason(stats, entry.record.reason);
      addUsage(stats, entry.raw);
      continue;
    }
    records.push(entry.record);
    addUsage(stats, entry.raw);
    functionCounts.set(entry.record.task_id, entry.record.tools.length);
    const variant = typeof entry.record.meta.variant === "string" ? entry.record.meta.variant : "ordinary";
    stats.variants.trajectories[variant] = (stats.variants.trajectories[variant] ?? 0) + 1;
    const strategy = entry.record.meta.strategy;
    if (typeof strategy === "string" && !tasksFile) stats.strategies[strategy] = (stats.strategies[strategy] ?? 0) + 1;
  }
  stats.files.trajectories = [...files];
  stats.trajectories = records.length;
  if (rejectedFile) {
    stats.files.rejected = rejectedFile;
    for await (const entry of readJsonLines(rejectedFile)) {
      if (entry.error) {
        stats.unreadable++;
        continue;
      }
      countReason(stats, isObject(entry.value) && typeof entry.value.reason === "string" ? entry.value.reason : "unknown");
      addUsage(stats, entry.value);
    }
  }
  let taskFunctionCounts: number[] | undefined;
  if (tasksFile) {
    stats.files.tasks = tasksFile;
    taskFunctionCounts = [];
    for await (const entry of readJsonLines(tasksFile)) {
      if (!isObject(entry.value)) continue;
      if (Array.isArray(entry.value.functions)) taskFunctionCounts.push(entry.value.functions.length);
      const variant = typeof entry.value.variant === "string" ? entry.value.variant : "ordinary";
      stats.variants.tasks[variant] = (stats.variants.tasks[variant] ?? 0) + 1;
      if (typeof entry.value.strategy === "string") stats.strategies[entry.value.strategy] = (stats.strategies[entry.value.strategy] ?? 0) + 1;
    }
  }
  // Only a dataset with variants shows the mix.
  if (Object.keys(stats.variants.trajectories).every((name) => name === "ordinary") && Object.keys(stats.variants.tasks).every((name) => name === "ordinary")) {
    stats.variants = { trajectories: {}, tasks: {} };
  }
  stats.turns = distribution(records.map((record) => record.messages.filter((message) => message.role === "assistant").length));
  const callTurns = records.map((record) =>
    record.messages.flatMap((message) => (message.role === "assistant" && (message.tool_calls?.length ?? 0) > 0 ? [message.tool_calls!.length] : [])),
  );
  stats.callsPerTrajectory = distribution(callTurns.map((turns) => turns.reduce((sum, calls) => sum + calls, 0)));
  stats.callsPerTurn = distribution(callTurns.flat());
  stats.parallelTurns = distribution(callTurns.map((turns) => turns.filter((calls) => calls > 1).length));
  stats.functionsPerTask = distribution(taskFunctionCounts ?? [...functionCounts.values()]);
  for (const record of records) {
    for (const verdict of record.verdicts) if (!verdict.ok) stats.failedVerdicts[verdict.check] = (stats.failedVerdicts[verdict.check] ?? 0) + 1;
  }
  return stats;
}

function emptyStats(): DatasetStats {
  const none = distribution([]);
  return {
    files: { trajectories: [] },
    formats: {},
    trajectories: 0,
    rejected: 0,
    unreadable: 0,
    turns: none,
    callsPerTrajectory: none,
    callsPerTurn: none,
    parallelTurns: none,
    functionsPerTask: none,
    strategies: {},
    variants: { trajectories: {}, tasks: {} },
    rejectionReasons: {},
    failedVerdicts: {},
    tokenUsage: { records: 0, total: { prompt_tokens: 0, completion_tokens: 0 }, byRole: {} },
  };
}

function countReason(stats: DatasetStats, reason: string): void {
  stats.rejected++;
  const kind = reasonKind(reason);
  stats.rejectionReasons[kind] = (stats.rejectionReasons[kind] ?? 0) + 1;
}

/** "exact-duplicate: same conversation as …" → "exact-duplicate"; long free text is cut short. */
export function reasonKind(reason: string): string {
  const head = reason.split(":")[0]!.trim();
  return head.length > 60 ? `${head.slice(0, 57)}...` : head || "unknown";
}

function addUsage(stats: DatasetStats, raw: unknown): void {
  if (!isObject(raw) || !isObject(raw.usage) || !isObject(raw.usage.by_role)) return;
  stats.tokenUsage.records++;
  for (const [role, count] of Object.entries(raw.usage.by_role)) {
    if (!isObject(count)) continue;
    const prompt = Number(count.prompt_tokens) || 0;
    const completion = Number(count.completion_tokens) || 0;
    const current = (stats.tokenUsage.byRole[role] ??= { prompt_tokens: 0, completion_tokens: 0 });
    current.prompt_tokens += prompt;
    current.completion_tokens += completion;
    stats.tokenUsage.total.prompt_tokens += prompt;
    stats.tokenUsage.total.completion_tokens += completion;
  }
}
