import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readJsonLines } from "../formats/json-lines.js";
import { readRecords } from "../formats/read-records.js";
import { isObject } from "../formats/record-format.js";
import type { Message } from "../schema/trajectory.js";
import { collectStats, reasonKind, type DatasetStats } from "./dataset-stats.js";
import { distribution, type Distribution } from "./distribution.js";
import { recordTokenLengths } from "./token-lengths.js";

/** Prices per million tokens by model id, as `--prices` takes them. */
export type ReportPrices = Record<string, { prompt: number; completion: number }>;

/** One trajectory as the viewer shows it (accepted or rejected). */
export interface ReportTrajectory {
  id: string;
  task_id: string;
  status: "accepted" | "rejected";
  reason?: string;
  /** The rejection's kind (text before the first ':'). */
  reason_kind?: string;
  strategy?: string;
  /** The first user message, for the list and the search. */
  request: string;
  /** Functions offered and called, for the search and the function filter. */
  functions: string[];
  turns: number;
  calls: number;
  messages: Message[];
  verdicts: Array<Record<string, unknown>>;
  tokens?: number;
  /** Tokens of the record's OpenAI export, when counted. */
  record_tokens?: number;
}

export interface ReportTask {
  task: string;
  strategy?: string;
  scenario?: string;
  variant?: string;
  subtasks: Array<{ id: string; text: string; role?: string; depends_on?: string[]; functions?: string[] }>;
}

/** A judge's or check's numeric score, read from any verdict that carries one. */
export interface ScoreSeries {
  name: string;
  values: number[];
}

export interface ReportData {
  title: string;
  stats: DatasetStats;
  /** Longest chain of dependent sub-tasks per task. */
  depth: Distribution;
  /** Tokens (prompt + completion) per accepted trajectory, from its usage. */
  tokensPerTrajectory: Distribution;
  /** Tokens per accepted record's OpenAI export (js-tiktoken), when counted. */
  recordTokens?: { tokenizer: string; lengths: Distribution };
  /** Cost by role in the prices' currency, when prices and role models are known. */
  costByRole?: Record<string, number>;
  scores: ScoreSeries[];
  trajectories: ReportTrajectory[];
  tasks: Record<string, ReportTask>;
}

export interface ReportOptions {
  title?: string;
  prices?: ReportPrices;
  /** Count each accepted record's tokens with this js-tiktoken encoding (e.g. o200k_base). */
  tokenizer?: string;
}

/**
 * Everything the HTML report shows for a run directory (or any file of trajectories): the
 * statistics, the tasks' plans (tasks.jsonl in the directory, else the manifest's input file),
 * and every accepted and rejected trajectory.
 */
export async function collectReportData(path: string, options: ReportOptions = {}): Promise<ReportData> {
  const stats = await collectStats(path);
  const isDirectory = (await stat(path)).isDirectory();
  const manifest = isDirectory ? await readManifest(join(path, "manifest.json")) : undefined;
  const tasks = await readTasks(isDirectory ? taskFile(path, manifest) : undefined);
  const trajectories: ReportTrajectory[] = [];
  const trajectoryInput = isDirectory && existsSync(join(path, "trajectories.jsonl")) ? join(path, "trajectories.jsonl") : path;
  for await (const entry of readRecords(trajectoryInput)) {
    if (entry.error) continue;
    // Verdicts from the raw line: the canonical schema keeps only check/ok/severity/detail, and a
    // judge's scores (or any other verdict field) must reach the report.
    const raw = isObject(entry.raw) && Array.isArray(entry.raw.verdicts) ? { verdicts: entry.raw.verdicts } : {};
    trajectories.push(toReportTrajectory({ ...(entry.record as unknown as Record<string, unknown>), ...raw }, entry.record.reason === undefined ? "accepted" : "rejected", tasks));
  }
  const rejectedFile = isDirectory ? join(path, "rejected.jsonl") : undefined;
  if (rejectedFile && existsSync(rejectedFile)) {
    for await (const entry of readJsonLines(rejectedFile)) {
      if (entry.error || !isObject(entry.value)) continue;
      trajectories.push(toReportTrajectory(entry.value, "rejected", tasks));
    }
  }
  const counted = options.tokenizer ? await recordTokenLengths(path, options.tokenizer) : undefined;
  if (counted) for (const trajectory of trajectories) if (counted.byId[trajectory.id] !== undefined) trajectory.record_tokens = counted.byId[trajectory.id];
  const depths = Object.values(tasks).map((task) => dependencyDepth(task.subtasks));
  const accepted = trajectories.filter((trajectory) => trajectory.status === "accepted" && trajectory.tokens !== undefined);
  return {
    title: options.title ?? `Report for ${path}`,
    stats,
    depth: distribution(depths),
    tokensPerTrajectory: distribution(accepted.map((trajectory) => trajectory.tokens!)),
    ...(counted ? { recordTokens: { tokenizer: counted.tokenizer, lengths: counted.lengths } } : {}),
    costByRole: costByRole(stats, manifest, options.prices),
    scores: collectScores(trajectories),
    trajectories,
    tasks,
  };
}

async function readManifest(file: string): Promise<Record<string, unknown> | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function taskFile(directory: string, manifest: Record<string, unknown> | undefined): string | undefined {
  if (existsSync(join(directory, "tasks.jsonl"))) return join(directory, "tasks.jsonl");
  const input = manifest?.input;
  return typeof input === "string" && existsSync(input) && input.endsWith(".jsonl") ? input : undefined;
}

async function readTasks(file: string | undefined): Promise<Record<string, ReportTask>> {
  const tasks: Record<string, ReportTask> = {};
  if (!file) return tasks;
  for await (const entry of readJsonLines(file)) {
    if (entry.error || !isObject(entry.value) || typeof entry.value.id !== "string") continue;
    const value = entry.value;
    tasks[value.id as string] = {
      task: typeof value.task === "string" ? value.task : "",
      strategy: typeof value.strategy === "string" ? value.strategy : undefined,
      scenario: typeof value.scenario === "string" ? value.scenario : undefined,
      variant: typeof value.variant === "string" ? value.variant : undefined,
      subtasks: Array.isArray(value.subtasks) ? (value.subtasks.filter(isObject) as unknown as ReportTask["subtasks"]) : [],
    };
  }
  return tasks;
}

function toReportTrajectory(record: Record<string, unknown>, status: "accepted" | "rejected", tasks: Record<string, ReportTask>): ReportTrajectory {
  const messages = (Array.isArray(record.messages) ? record.messages : []) as Message[];
  const taskId = typeof record.task_id === "string" ? record.task_id : "";
  const meta = isObject(record.meta) ? record.meta : {};
  const strategy = typeof meta.strategy === "string" ? meta.strategy : tasks[taskId]?.strategy;
  const called = messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []).map((call) => call.function.name) : []));
  const offered = (Array.isArray(record.tools) ? record.tools : []).flatMap((tool) =>
    isObject(tool) && isObject(tool.function) && typeof tool.function.name === "string" ? [tool.function.name] : [],
  );
  const reason = typeof record.reason === "string" ? record.reason : undefined;
  const usage = isObject(record.usage) && isObject(record.usage.total) ? record.usage.total : undefined;
  return {
    id: typeof record.id === "string" ? record.id : taskId,
    task_id: taskId,
    status,
    ...(reason !== undefined ? { reason, reason_kind: reasonKind(reason) } : {}),
    ...(strategy ? { strategy } : {}),
    request: messages.find((message) => message.role === "user")?.content ?? tasks[taskId]?.task ?? "",
    functions: [...new Set([...called, ...offered])],
    turns: messages.filter((message) => message.role === "assistant").length,
    calls: called.length,
    messages,
    verdicts: Array.isArray(record.verdicts) ? record.verdicts.filter(isObject) : [],
    ...(usage ? { tokens: (Number(usage.prompt_tokens) || 0) + (Number(usage.completion_tokens) || 0) } : {}),
  };
}

/** Sub-tasks on the longest chain of `depends_on` links (1 for independent sub-tasks). */
export function dependencyDepth(subtasks: ReportTask["subtasks"]): number {
  const byId = new Map(subtasks.map((subtask) => [subtask.id, subtask]));
  const memo = new Map<string, number>();
  const depth = (id: string, seen: Set<string>): number => {
    if (memo.has(id)) return memo.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const parents = byId.get(id)?.depends_on ?? [];
    const value = 1 + Math.max(0, ...parents.map((parent) => depth(parent, seen)));
    memo.set(id, value);
    return value;
  };
  return Math.max(0, ...subtasks.map((subtask) => depth(subtask.id, new Set())));
}

function costByRole(stats: DatasetStats, manifest: Record<string, unknown> | undefined, prices: ReportPrices | undefined): Record<string, number> | undefined {
  if (!prices) return undefined;
  const config = isObject(manifest?.config) ? manifest!.config : {};
  const models = isObject(config.models) ? (config.models as Record<string, unknown>) : {};
  const cost: Record<string, number> = {};
  for (const [role, count] of Object.entries(stats.tokenUsage.byRole)) {
    const model = typeof models[role] === "string" ? (models[role] as string) : "*";
    const price = prices[model] ?? prices["*"];
    if (!price) continue;
    cost[role] = (count.prompt_tokens * price.prompt + count.completion_tokens * price.completion) / 1_000_000;
  }
  return Object.keys(cost).length > 0 ? cost : undefined;
}

/**
 * Scores stored with verdicts, whatever wrote them: a numeric `score` gives a series named after
 * the check; a `scores` map of numbers gives one series per axis (`check: axis`).
 */
function collectScores(trajectories: ReportTrajectory[]): ScoreSeries[] {
  const series = new Map<string, number[]>();
  const add = (name: string, value: unknown) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return;
    const list = series.get(name) ?? [];
    list.push(value);
    series.set(name, list);
  };
  for (const trajectory of trajectories) {
    for (const verdict of trajectory.verdicts) {
      const check = typeof verdict.check === "string" ? verdict.check : "verdict";
      add(check, verdict.score);
      if (isObject(verdict.scores)) for (const [axis, value] of Object.entries(verdict.scores)) add(`${check}: ${axis}`, isObject(value) ? value.score : value);
    }
  }
  return [...series].map(([name, values]) => ({ name, values }));
}
