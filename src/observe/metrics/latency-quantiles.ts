/**
 * Latency statistics from every recorded sample: exact nearest-rank quantiles, not bucket estimates. A run makes
 * at most a few thousand calls, so keeping each sample costs little and the p99 is the real p99.
 */
export interface LatencyStats {
  count: number;
  /** The mean latency: sum / count. */
  average: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencyStats {
  if (samples.length === 0) return { count: 0, average: 0, min: 0, max: 0, p50: 0, p95: 0, p99: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  let sum = 0;
  for (const sample of sorted) sum += sample;
  return {
    count: sorted.length,
    average: sum / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p50: nearestRank(sorted, 0.5),
    p95: nearestRank(sorted, 0.95),
    p99: nearestRank(sorted, 0.99),
  };
}

/** The smallest sample such that at least `q` of all samples are less or equal to it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
