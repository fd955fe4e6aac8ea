export * as LifecycleRules from "./lifecycle-rules";

/**
 * The customer journey, in order: the funnel (subscriber → lead → qualified → opportunity → customer) and
 * what happens after it (at risk, churned, won back). A record without a stage is a subscriber.
 */
export const STAGES = ["subscriber", "lead", "qualified", "opportunity", "customer", "at_risk", "churned", "won_back"] as const;
export type Stage = (typeof STAGES)[number];

/** What moves a record: events of other modules, the inactivity sweep, or a person by hand. */
export const CAUSES = ["lead_created", "lead_qualified", "deal_opened", "deal_won", "churn_risk", "inactive", "manual"] as const;
export type Cause = (typeof CAUSES)[number];

/** Where each stage stands in the funnel; the stages after `customer` all sit past it. */
export const FUNNEL: Record<Stage, number> = { subscriber: 0, lead: 1, qualified: 2, opportunity: 3, customer: 4, at_risk: 4, churned: 4, won_back: 4 };

/** Stages of a record that has bought: the inactivity sweep watches these. */
export const CUSTOMER_STAGES: readonly Stage[] = ["customer", "at_risk", "won_back"];

/**
 * The stage an automatic cause moves a record to, or null when it stays. Automatic moves go forward in the
 * funnel only (a new lead never demotes a customer); after the funnel, a churn alert puts a customer at
 * risk, inactivity churns it, and a deal won after churn wins it back. Applying the same cause again never
 * moves it further (idempotent under redelivered events).
 */
export function next(current: Stage | null | undefined, cause: Exclude<Cause, "manual">): Stage | null {
  const from: Stage = current ?? "subscriber";
  const forwardTo = (to: Stage) => (FUNNEL[from] < FUNNEL[to] ? to : null);
  switch (cause) {
    case "lead_created":
      return forwardTo("lead");
    case "lead_qualified":
      return forwardTo("qualified");
    case "deal_opened":
      return forwardTo("opportunity");
    case "deal_won":
      if (from === "churned") return "won_back";
      if (from === "at_risk") return "customer";
      return forwardTo("customer");
    case "churn_risk":
      return from === "customer" || from === "won_back" ? "at_risk" : null;
    case "inactive":
      return CUSTOMER_STAGES.includes(from) ? "churned" : null;
  }
}

/** A move by hand: any stage to any other, never to the same one. */
export function manual(current: Stage | null | undefined, to: Stage): Stage | null {
  return (current ?? "subscriber") === to ? null : to;
}

const DAY = 86_400_000;

/**
 * Buckets of time spent in a stage, in days (lower bounds): the report keeps a count per bucket and day,
 * so the median over any period is read from counters instead of every transition.
 */
export const STAY_BUCKETS = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540, 730, 1095] as const;

/** The bucket (its index) of a stay from `since` to `at`. */
export function stayBucket(since: string, at: string): number {
  const days = Math.max(0, (Date.parse(at) - Date.parse(since)) / DAY);
  let i = 0;
  while (i + 1 < STAY_BUCKETS.length && days >= STAY_BUCKETS[i + 1]) i++;
  return i;
}

/**
 * The median stay in days from bucket counts, interpolated inside the bucket that holds it (the last bucket
 * is taken to be a year wide). Null without any stay. Always inside the bucket of the true median.
 */
export function medianDays(counts: Record<number, number>): number | null {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let i = 0; i < STAY_BUCKETS.length; i++) {
    const n = counts[i] ?? 0;
    if (!n) continue;
    if (seen + n >= half) {
      const low = STAY_BUCKETS[i];
      const high = STAY_BUCKETS[i + 1] ?? low + 365;
      const within = Math.min(1, Math.max(0, (half - seen) / n));
      return Math.round((low + (high - low) * within) * 10) / 10;
    }
    seen += n;
  }
  return STAY_BUCKETS[STAY_BUCKETS.length - 1];
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD, UTC), for the flow series. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
