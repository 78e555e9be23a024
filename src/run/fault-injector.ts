import { createHash } from "node:crypto";
import { UserError } from "../errors.js";

export const FAULT_KINDS = ["rate-limit", "server-error", "timeout", "malformed"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Share of requests that fail, 0–1. */
  failRate: number;
  seed: number;
  /** Relative weights of the fault kinds (default: all equal). */
  mix?: Partial<Record<FaultKind, number>>;
  /**
   * Faults per distinct request body at most (default 2): its next attempt goes through, so
   * a client that retries a few times always finishes and runs stay comparable.
   */
  maxFaultsPerRequest?: number;
}

/**
 * Decides, deterministically for a seed, which requests fail and how. The decision hashes
 * the seed, the request body and how often that body was seen, so it does not depend on
 * the order in which concurrent requests arrive.
 */
export class FaultInjector {
  private readonly seen = new Map<string, number>();
  private readonly kinds: { kind: FaultKind; upTo: number }[] = [];

  constructor(private readonly options: FaultOptions) {
    if (!(options.failRate >= 0 && options.failRate <= 1)) {
      throw new UserError(`fail rate must be between 0 and 1, got ${options.failRate}`, { field: "failRate", code: "invalid-config" });
    }
    const weights = FAULT_KINDS.map((kind) => [kind, options.mix ? (options.mix[kind] ?? 0) : 1] as const);
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    if (!(total > 0)) throw new UserError("the fault mix needs at least one positive weight", { field: "faults", code: "invalid-config" });
    let cumulative = 0;
    for (const [kind, weight] of weights) {
      if (weight < 0) throw new UserError(`fault weight of ${kind} must not be negative`, { field: `faults.${kind}`, code: "invalid-config" });
      cumulative += weight / total;
      if (weight > 0) this.kinds.push({ kind, upTo: cumulative });
    }
  }

  /** The fault to inject for this request body, or undefined to answer normally. */
  decide(body: string): FaultKind | undefined {
    if (this.options.failRate === 0) return undefined;
    const key = createHash("sha256").update(body).digest("hex");
    // Bound memory on long dry runs; forgetting old bodies only allows a few extra faults.
    if (this.seen.size > 500_000) this.seen.clear();
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    if (occurrence >= (this.options.maxFaultsPerRequest ?? 2)) return undefined;
    const draw = unit(this.options.seed, key, occurrence, "fail");
    if (draw >= this.options.failRate) return undefined;
    const pick = unit(this.options.seed, key, occurrence, "kind");
    return (this.kinds.find((entry) => pick < entry.upTo) ?? this.kinds[this.kinds.length - 1]!).kind;
  }
}

/** Parse `rate-limit=2,timeout=1` into a fault mix. */
export function parseFaultMix(text: string): Partial<Record<FaultKind, number>> {
  const mix: Partial<Record<FaultKind, number>> = {};
  for (const part of text.split(",").map((item) => item.trim()).filter(Boolean)) {
    const [name, weightText] = part.split("=");
    if (!FAULT_KINDS.includes(name as FaultKind)) {
      throw new UserError(`unknown fault '${name}'; use ${FAULT_KINDS.join(", ")}`, { field: "faults", code: "invalid-config" });
    }
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isFinite(weight) || weight < 0) {
      throw new UserError(`fault weight '${weightText}' must be a non-negative number`, { field: "faults", code: "invalid-config" });
    }
    mix[name as FaultKind] = weight;
  }
  return mix;
}

function unit(seed: number, ...parts: unknown[]): number {
  return createHash("sha256").update(`${seed}\u0000${JSON.stringify(parts)}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}
