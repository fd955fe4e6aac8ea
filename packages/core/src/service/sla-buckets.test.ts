import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, percentile } from "./sla-buckets";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("SLA histogram", () => {
  it("puts each time in the first bucket whose upper bound holds it", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(5)).toBe(0);
    expect(bucketOf(5.01)).toBe(1);
    expect(bucketOf(1e9)).toBe(BUCKETS.length - 1);
  });

  it("percentiles fall within the bucket of the exact percentile (500 generated samples sets)", () => {
    const r = rng(7);
    for (let n = 0; n < 500; n++) {
      const size = 1 + Math.floor(r() * 200);
      const values = Array.from({ length: size }, () => Math.floor(r() ** 3 * 3000)).sort((a, b) => a - b);
      const counts = BUCKETS.map(() => 0);
      for (const v of values) counts[bucketOf(v)]++;
      for (const p of [0.5, 0.9]) {
        const exact = values[Math.max(0, Math.ceil(p * size) - 1)];
        const approx = percentile(counts, p)!;
        const b = bucketOf(exact);
        const lo = b === 0 ? 0 : BUCKETS[b - 1];
        const hi = Number.isFinite(BUCKETS[b]) ? BUCKETS[b] : lo;
        expect(approx).toBeGreaterThanOrEqual(lo);
        expect(approx).toBeLessThanOrEqual(hi);
      }
    }
    expect(percentile(BUCKETS.map(() => 0), 0.5)).toBeNull();
  });
});
