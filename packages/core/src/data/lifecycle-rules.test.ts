import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { CAUSES, CUSTOMER_STAGES, FUNNEL, LifecycleRules, STAGES, STAY_BUCKETS, type Cause, type Stage } from "./lifecycle-rules";

const AUTO = CAUSES.filter((c): c is Exclude<Cause, "manual"> => c !== "manual");
/** The only automatic moves that do not go forward in the funnel: life after the first purchase. */
const RETENTION = new Set(["customer>at_risk", "won_back>at_risk", "at_risk>customer", "customer>churned", "at_risk>churned", "won_back>churned", "churned>won_back"]);

describe("lifecycle transitions", () => {
  it("over many generated event sequences: never backwards, idempotent, past the funnel for good", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = prng(seed);
      let stage: Stage | null = rand.chance(0.3) ? null : rand.pick(STAGES);
      let bought = stage !== null && FUNNEL[stage] === 4;
      for (let step = 0; step < 60; step++) {
        const cause = rand.pick(AUTO);
        const from: Stage = stage ?? "subscriber";
        const to = LifecycleRules.next(stage, cause);
        if (to) {
          expect(to, `seed ${seed}`).not.toBe(from);
          expect(FUNNEL[to] > FUNNEL[from] || RETENTION.has(`${from}>${to}`), `seed ${seed}: ${from} -> ${to} by ${cause}`).toBe(true);
          // The same event delivered again changes nothing.
          expect(LifecycleRules.next(to, cause), `seed ${seed}: ${cause} twice`).toBeNull();
          stage = to;
        }
        if (stage && FUNNEL[stage] === 4) bought = true;
        if (bought) expect(FUNNEL[stage ?? "subscriber"], `seed ${seed}: a customer fell back into the funnel`).toBe(4);
        if (rand.chance(0.05)) {
          const target = rand.pick(STAGES);
          const moved = LifecycleRules.manual(stage, target);
          expect(moved).toBe((stage ?? "subscriber") === target ? null : target);
          stage = moved ?? stage;
          bought = FUNNEL[stage ?? "subscriber"] === 4;
        }
      }
    }
  });

  it("names the expected moves", () => {
    expect(LifecycleRules.next(null, "lead_created")).toBe("lead");
    expect(LifecycleRules.next("lead", "lead_qualified")).toBe("qualified");
    expect(LifecycleRules.next("qualified", "deal_opened")).toBe("opportunity");
    expect(LifecycleRules.next("opportunity", "deal_won")).toBe("customer");
    expect(LifecycleRules.next("subscriber", "deal_won")).toBe("customer");
    expect(LifecycleRules.next("customer", "churn_risk")).toBe("at_risk");
    expect(LifecycleRules.next("at_risk", "inactive")).toBe("churned");
    expect(LifecycleRules.next("churned", "deal_won")).toBe("won_back");
    expect(LifecycleRules.next("customer", "deal_opened")).toBeNull();
    expect(LifecycleRules.next("customer", "lead_created")).toBeNull();
    expect(LifecycleRules.next("opportunity", "inactive")).toBeNull();
    expect(LifecycleRules.next("lead", "churn_risk")).toBeNull();
    for (const s of CUSTOMER_STAGES) expect(LifecycleRules.next(s, "inactive")).toBe("churned");
  });
});

describe("time in stage", () => {
  it("the median from bucket counts lies in the bucket of the true median (generated samples)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const n = rand.int(1, 200);
      const samples = Array.from({ length: n }, () => (rand.chance(0.7) ? rand.next() * 40 : rand.next() * 1500)).sort((a, b) => a - b);
      const counts: Record<number, number> = {};
      const since = "2026-01-01T00:00:00.000Z";
      for (const d of samples) {
        const b = LifecycleRules.stayBucket(since, new Date(Date.parse(since) + d * 86_400_000).toISOString());
        expect(STAY_BUCKETS[b] <= d + 1e-9).toBe(true);
        if (STAY_BUCKETS[b + 1] !== undefined) expect(d < STAY_BUCKETS[b + 1]).toBe(true);
        counts[b] = (counts[b] ?? 0) + 1;
      }
      const median = LifecycleRules.medianDays(counts)!;
      const lower = samples[Math.ceil(n / 2) - 1];
      const bucket = LifecycleRules.stayBucket(since, new Date(Date.parse(since) + lower * 86_400_000).toISOString());
      const low = STAY_BUCKETS[bucket];
      const high = STAY_BUCKETS[bucket + 1] ?? low + 365;
      expect(median, `seed ${seed}`).toBeGreaterThanOrEqual(low);
      expect(median, `seed ${seed}`).toBeLessThanOrEqual(high);
    }
    expect(LifecycleRules.medianDays({})).toBeNull();
  });

  it("lists the days of a period", () => {
    expect(LifecycleRules.days("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });
});
