/**
 * Completion times are counted in fixed buckets (upper bounds in minutes), so a report reads one item per
 * period and dimension and percentiles come from the histogram, never from every ticket.
 */
export const BUCKETS = [5, 15, 30, 60, 120, 240, 480, 960, 1440, 2880, 5760, Infinity] as const;
export const METRIC_CODES = { firstResponse: "fr", nextResponse: "nr", resolution: "rs" } as const;
export type MetricCode = (typeof METRIC_CODES)[keyof typeof METRIC_CODES];

export function bucketOf(minutes: number): number {
  return BUCKETS.findIndex((b) => minutes <= b);
}

/** Counter attribute names: `fr_met`, `fr_breached`, `fr_b0` … `fr_b11`. */
export function counterNames(): string[] {
  return Object.values(METRIC_CODES).flatMap((m) => [`${m}_met`, `${m}_breached`, ...BUCKETS.map((_, i) => `${m}_b${i}`)]);
}

/**
 * The p-th percentile (0..1) from bucket counts: the upper bound of the bucket holding it, interpolated
 * linearly inside the bucket (the last, open bucket reports its lower bound).
 */
export function percentile(counts: number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] && seen + counts[i] >= rank) {
      const lo = i === 0 ? 0 : BUCKETS[i - 1];
      const hi = BUCKETS[i];
      if (!Number.isFinite(hi)) return lo;
      return Math.round(lo + ((rank - seen) / counts[i]) * (hi - lo));
    }
    seen += counts[i];
  }
  return BUCKETS[BUCKETS.length - 2];
}
