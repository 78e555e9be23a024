import { open, readFile, rename } from "node:fs/promises";
import { UserError } from "../errors.js";
import { canonicalJson, stableId } from "../schema/stable-id.js";
import type { LedgerSummary } from "./usage-ledger.js";

export type RunStatus = "running" | "completed" | "stopped" | "failed";

/** Why a run ended: the input ran out, a target or budget was met, or someone stopped it. */
export type StopReason =
  | "input-exhausted"
  | "target-reached"
  | "limit-reached"
  | "token-budget"
  | "cost-budget"
  | "drained"
  | "aborted"
  | "error";

export interface RunCounts {
  /** Distinct task ids that have a record (accepted + rejected). */
  done: number;
  accepted: number;
  rejected: number;
  /** Input entries that could not be read as tasks (also in rejected). */
  invalid: number;
  /** Entries of this session skipped because an earlier session finished them. */
  resumed_skips: number;
  /** Entries skipped because their id appeared earlier in the input. */
  duplicates: number;
  rejected_by_reason: Record<string, number>;
}

export interface RunManifest {
  manifest_version: 1;
  status: RunStatus;
  stop_reason?: StopReason;
  input: string;
  /** What determines the output: models, seed, turns, protocol, … (not concurrency or budgets). */
  config: Record<string, unknown>;
  config_hash: string;
  counts: RunCounts;
  usage: LedgerSummary;
  /** Transport retries of the latest session by reason (`HTTP 429`, `timeout`, …). */
  retries: Record<string, number>;
  timings: {
    started_at: string;
    updated_at: string;
    /** Wall time of all sessions of this run directory, summed. */
    elapsed_ms: number;
    sessions: { started_at: string; ended_at?: string; records: number }[];
    /** Records per second over the sessions' wall time. */
    records_per_second: number;
  };
  versions: Record<string, string>;
  /** The first warnings met (bad input lines, unpriced models, …). */
  warnings: string[];
  error?: string;
}

export function configHash(config: Record<string, unknown>): string {
  return stableId("cfg", config).slice(4);
}

/** Write via a temporary file and rename, so a crash never leaves a half-written manifest. */
export async function writeManifest(path: string, manifest: RunManifest): Promise<void> {
  await writeJsonAtomically(path, manifest);
}

/** Any JSON document, written via a synced temporary file and a rename (never half-written). */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, "utf8");
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function readManifest(path: string): Promise<RunManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as RunManifest;
  } catch (error) {
    throw new UserError(`manifest is not valid JSON (${(error as Error).message}); delete it and rerun with --force to resume anyway`, {
      file: path,
      code: "invalid-config",
    });
  }
}

/** The keys whose values differ between two configs, for a helpful mismatch message. */
export function configDifferences(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key])).sort();
}
