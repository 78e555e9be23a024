/** A summary of a list of counts: size, range, mean, median and how often each value occurs. */
export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** value → how many items had it. */
  histogram: Record<string, number>;
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, min: 0, max: 0, mean: 0, median: 0, histogram: {} };
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const histogram: Record<string, number> = {};
  for (const value of sorted) histogram[String(value)] = (histogram[String(value)] ?? 0) + 1;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { count: sorted.length, min: sorted[0]!, max: sorted[sorted.length - 1]!, mean: Math.round(mean * 100) / 100, median, histogram };
}
