import { UserError } from "../errors.js";
import type { TokenCount, Usage } from "../schema/trajectory.js";

/** Prices in currency units (USD unless you say otherwise) per million tokens, per model id. */
export type PriceTable = Record<string, ModelPrice>;
export interface ModelPrice {
  prompt: number;
  completion: number;
}

const FREE: ModelPrice = { prompt: 0, completion: 0 };

/** The offline simulator's model ids (`sim`, `sim:<seed>`, `sim:messy…`): they run in-process and cost nothing. */
export function isOfflineModel(model: string): boolean {
  return model === "sim" || model.startsWith("sim:");
}

export interface LedgerTokens {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface LedgerSummary {
  by_role: Record<string, LedgerTokens>;
  by_stage: Record<string, LedgerTokens>;
  by_model: Record<string, LedgerTokens>;
  total: LedgerTokens;
  /** null when no price table covers the models used. */
  cost: number | null;
  /** Everything spent (accepted and rejected work) divided by the accepted trajectories. */
  per_accepted: { tokens: number; cost: number | null } | null;
}

export interface UsageLedgerOptions {
  prices?: PriceTable;
  /** Which model id each role used, to look up its price; `*` is the fallback. */
  roleModels?: Record<string, string>;
  /** The pipeline stage these records belong to (`simulate`, `construct`, …). */
  stage?: string;
}

/**
 * Adds up token usage over finished records by role, stage and model, and prices it. It is
 * computed from the records themselves, so after a resume the totals still equal the sum
 * over the files.
 */
export class UsageLedger {
  private readonly byRole = new Map<string, TokenCount>();
  private readonly byStage = new Map<string, TokenCount>();
  private readonly byModel = new Map<string, TokenCount>();
  private readonly total: TokenCount = { prompt_tokens: 0, completion_tokens: 0 };
  private cost = 0;
  private priced = true;
  private accepted = 0;
  readonly unpricedModels = new Set<string>();

  constructor(private readonly options: UsageLedgerOptions = {}) {}

  modelOf(role: string): string {
    // Roles beyond the standard three (critic, judge, your own) run on the assistant's model unless given one.
    return this.options.roleModels?.[role] ?? this.options.roleModels?.["*"] ?? this.options.roleModels?.assistant ?? "unknown";
  }

  /** The price of a model: from the table, or zero for the offline simulator, which costs nothing. */
  priceOf(model: string): ModelPrice | undefined {
    return this.options.prices?.[model] ?? (isOfflineModel(model) ? FREE : undefined);
  }

  /** The cost of one record's usage, or undefined when some model has no price. */
  costOf(usage: Usage | undefined): number | undefined {
    const prices = this.options.prices;
    if (!prices || !usage) return undefined;
    let cost = 0;
    for (const [role, count] of Object.entries(usage.by_role)) {
      if (count.prompt_tokens === 0 && count.completion_tokens === 0) continue;
      const price = this.priceOf(this.modelOf(role));
      if (!price) {
        this.unpricedModels.add(this.modelOf(role));
        return undefined;
      }
      cost += (count.prompt_tokens * price.prompt + count.completion_tokens * price.completion) / 1_000_000;
    }
    return cost;
  }

  add(usage: Usage | undefined, accepted: boolean): void {
    if (accepted) this.accepted++;
    if (!usage) return;
    const stage = this.options.stage ?? "simulate";
    for (const [role, count] of Object.entries(usage.by_role)) {
      addTo(this.byRole, role, count);
      addTo(this.byStage, stage, count);
      addTo(this.byModel, this.modelOf(role), count);
      this.total.prompt_tokens += count.prompt_tokens;
      this.total.completion_tokens += count.completion_tokens;
    }
    const cost = this.costOf(usage);
    if (cost === undefined) this.priced = false;
    else this.cost += cost;
  }

  get totalTokens(): number {
    return this.total.prompt_tokens + this.total.completion_tokens;
  }

  /** The cost so far, or undefined when not every record could be priced. */
  get totalCost(): number | undefined {
    return this.options.prices && this.priced ? this.cost : undefined;
  }

  summary(): LedgerSummary {
    const cost = this.totalCost ?? null;
    return {
      by_role: withTotals(this.byRole),
      by_stage: withTotals(this.byStage),
      by_model: withTotals(this.byModel),
      total: tokens(this.total),
      cost,
      per_accepted:
        this.accepted > 0
          ? { tokens: this.totalTokens / this.accepted, cost: cost === null ? null : cost / this.accepted }
          : null,
    };
  }
}

/** Check a price table read from a config file; say which entry is wrong. */
export function parsePriceTable(value: unknown, file?: string): PriceTable {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new UserError(`prices must be an object: {"<model>": {"prompt": <per 1M tokens>, "completion": <per 1M tokens>}}`, {
      file,
      code: "invalid-config",
    });
  }
  const table: PriceTable = {};
  for (const [model, price] of Object.entries(value)) {
    const entry = price as { prompt?: unknown; completion?: unknown };
    if (typeof entry?.prompt !== "number" || typeof entry?.completion !== "number" || entry.prompt < 0 || entry.completion < 0) {
      throw new UserError(`price of '${model}' needs non-negative numbers 'prompt' and 'completion' (per million tokens)`, {
        file,
        field: `prices.${model}`,
        code: "invalid-config",
      });
    }
    table[model] = { prompt: entry.prompt, completion: entry.completion };
  }
  return table;
}

function addTo(map: Map<string, TokenCount>, key: string, count: TokenCount): void {
  const current = map.get(key) ?? { prompt_tokens: 0, completion_tokens: 0 };
  current.prompt_tokens += count.prompt_tokens;
  current.completion_tokens += count.completion_tokens;
  map.set(key, current);
}

function tokens(count: TokenCount): LedgerTokens {
  return { ...count, total_tokens: count.prompt_tokens + count.completion_tokens };
}

function withTotals(map: Map<string, TokenCount>): Record<string, LedgerTokens> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => [key, tokens(count)]));
}
