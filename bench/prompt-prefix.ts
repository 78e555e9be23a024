/**
 * How much of a prompt a provider's prompt cache could reuse: the leading tokens it shares
 * with a prompt sent before. Pure functions over token-id sequences, so they are tested alone
 * (test/bench/prompt-prefix.test.ts) and the benchmark only feeds them captured prompts.
 */

/** A provider's prefix-cache rule: nothing below `minimum` tokens, then whole `step`s. */
export interface CacheRule {
  minimum: number;
  step: number;
}

/**
 * OpenAI's rule: prompts of 1,024 tokens or more are cached, and a hit covers the longest
 * previously seen exact prefix in steps of 128 tokens.
 */
export const OPENAI_CACHE_RULE: CacheRule = { minimum: 1024, step: 128 };

/** The number of leading tokens two sequences share. */
export function commonPrefixLength(first: ArrayLike<number>, second: ArrayLike<number>): number {
  const limit = Math.min(first.length, second.length);
  let index = 0;
  while (index < limit && first[index] === second[index]) index++;
  return index;
}

/** Of a shared prefix of `prefix` tokens, how many the cache rule lets a provider serve from cache. */
export function cacheableTokens(prefix: number, rule: CacheRule = OPENAI_CACHE_RULE): number {
  if (prefix < rule.minimum) return 0;
  return rule.minimum + Math.floor((prefix - rule.minimum) / rule.step) * rule.step;
}

function compareSequences(first: ArrayLike<number>, second: ArrayLike<number>): number {
  const shared = commonPrefixLength(first, second);
  if (shared < first.length && shared < second.length) return first[shared]! - second[shared]!;
  return first.length - second.length;
}

/**
 * For each sequence, the longest prefix it shares with any sequence before it (0 for the
 * first). Kept sorted, a sequence's longest shared prefix with a set is with one of its two
 * neighbours in lexicographic order, so each look-up is a binary search, not a scan of all.
 */
export function longestPrefixWithEarlier(sequences: readonly ArrayLike<number>[]): number[] {
  const sorted: ArrayLike<number>[] = [];
  return sequences.map((sequence) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareSequences(sorted[middle]!, sequence) < 0) low = middle + 1;
      else high = middle;
    }
    const before = low > 0 ? commonPrefixLength(sorted[low - 1]!, sequence) : 0;
    const after = low < sorted.length ? commonPrefixLength(sorted[low]!, sequence) : 0;
    sorted.splice(low, 0, sequence);
    return Math.max(before, after);
  });
}

/** One model call as the prefix figures see it: who made it, on which trajectory, and its prompt. */
export interface PromptCall {
  role: string;
  trajectory: string;
  tokens: ArrayLike<number>;
}

/** The two shared-prefix lengths of one call (tokens). */
export interface CallPrefix {
  /** With the previous call of the same role on the same trajectory (0 for its first call). */
  previous: number;
  /** With any earlier call of the same role in the run, on any trajectory. */
  earlier: number;
  /** The length of that previous call's prompt (0 for none): `previous` equal to it means the prompt only grew. */
  previousLength: number;
}

/** Both shared-prefix lengths of every call, in the order the calls were made. */
export function callPrefixes(calls: readonly PromptCall[]): CallPrefix[] {
  const last = new Map<string, ArrayLike<number>>();
  const previous = calls.map((call) => {
    const key = JSON.stringify([call.role, call.trajectory]);
    const before = last.get(key);
    last.set(key, call.tokens);
    return before ? { shared: commonPrefixLength(before, call.tokens), length: before.length } : { shared: 0, length: 0 };
  });
  const earlier = new Array<number>(calls.length).fill(0);
  const byRole = new Map<string, number[]>();
  calls.forEach((call, index) => byRole.set(call.role, [...(byRole.get(call.role) ?? []), index]));
  for (const indexes of byRole.values()) {
    const lengths = longestPrefixWithEarlier(indexes.map((index) => calls[index]!.tokens));
    indexes.forEach((index, position) => (earlier[index] = lengths[position]!));
  }
  return calls.map((_, index) => ({ previous: previous[index]!.shared, earlier: earlier[index]!, previousLength: previous[index]!.length }));
}
