import { z } from "zod";

export * as ChurnScore from "./churn-score";

/** The signals a health score is made of, in the order they are explained. */
export const SIGNALS = ["activity", "won", "openTickets", "breaches", "lostDeals", "unsubscribed"] as const;
export type SignalKey = (typeof SIGNALS)[number];

/**
 * What a customer looks like today. Day counts are whole days; `null` means "never" (no activity, never
 * won) and counts as the worst value.
 */
export interface Signals {
  daysSinceActivity: number | null;
  daysSinceWon: number | null;
  openTickets: number;
  /** SLA breaches on the customer's tickets in the last 90 days. */
  breaches: number;
  /** Deals lost in the last 90 days. */
  lostDeals: number;
  unsubscribed: boolean;
}

const Weight = z.number().int().min(0).max(100);
/**
 * A tenant's scoring rules. Each signal takes away up to its weight's share of 100 points; `full` says
 * at which level a signal takes away all of its share (90 days without activity, 5 open tickets, ...).
 */
export const Settings = z.strictObject({
  weights: z.strictObject({ activity: Weight, won: Weight, openTickets: Weight, breaches: Weight, lostDeals: Weight, unsubscribed: Weight }),
  full: z.strictObject({
    activityDays: z.number().int().min(1).max(3650),
    wonDays: z.number().int().min(1).max(3650),
    openTickets: z.number().int().min(1).max(1000),
    breaches: z.number().int().min(1).max(1000),
    lostDeals: z.number().int().min(1).max(1000),
  }),
  thresholds: z.strictObject({ healthy: z.number().int().min(1).max(100), atRisk: z.number().int().min(1).max(100) })
    .refine((t) => t.atRisk < t.healthy, { message: "The at-risk threshold must be below the healthy one.", path: ["atRisk"] }),
});
export type Settings = z.infer<typeof Settings>;

/** Healthy at 70 and above, at risk below 40 (the bands); weights favour recent activity. */
export const DEFAULTS: Settings = {
  weights: { activity: 30, won: 20, openTickets: 15, breaches: 15, lostDeals: 10, unsubscribed: 10 },
  full: { activityDays: 90, wonDays: 365, openTickets: 5, breaches: 3, lostDeals: 3 },
  thresholds: { healthy: 70, atRisk: 40 },
};

export const BANDS = ["healthy", "watch", "at_risk"] as const;
export type Band = (typeof BANDS)[number];

export interface Explained {
  key: SignalKey;
  /** The signal's value (days, a count, or 1/0 for unsubscribed); `null` means never. */
  value: number | null;
  weight: number;
  /** How far the signal is from harmless to as bad as it counts: 0..1. */
  penalty: number;
  /** Points of the 100 it takes away. */
  points: number;
}

function ratio(value: number | null, full: number): number {
  if (value === null) return 1;
  return Math.min(1, Math.max(0, value) / full);
}

/** Each signal's penalty (0 harmless .. 1 as bad as it counts), a monotonic function of its value. */
export function penalties(s: Signals, full: Settings["full"]): Record<SignalKey, number> {
  return {
    activity: ratio(s.daysSinceActivity, full.activityDays),
    won: ratio(s.daysSinceWon, full.wonDays),
    openTickets: ratio(s.openTickets, full.openTickets),
    breaches: ratio(s.breaches, full.breaches),
    lostDeals: ratio(s.lostDeals, full.lostDeals),
    unsubscribed: s.unsubscribed ? 1 : 0,
  };
}

function valueOf(s: Signals, key: SignalKey): number | null {
  switch (key) {
    case "activity": return s.daysSinceActivity;
    case "won": return s.daysSinceWon;
    case "unsubscribed": return s.unsubscribed ? 1 : 0;
    default: return s[key];
  }
}

/**
 * The health score, 0..100: 100 minus each signal's weighted penalty, the weights normalised to 100 (all
 * weights 0 means nothing counts: 100). Lower when any signal gets worse, never outside 0..100.
 */
export function score(s: Signals, settings: Settings = DEFAULTS): { score: number; band: Band; signals: Explained[] } {
  const p = penalties(s, settings.full);
  const total = SIGNALS.reduce((sum, k) => sum + settings.weights[k], 0);
  const signals = SIGNALS.map((key) => {
    const weight = settings.weights[key];
    const points = total ? (100 * weight * p[key]) / total : 0;
    return { key, value: valueOf(s, key), weight, penalty: round2(p[key]), points: round2(points) };
  });
  const lost = total ? SIGNALS.reduce((sum, k) => sum + (100 * settings.weights[k] * p[k]) / total, 0) : 0;
  // Rounding the sum (not each part) keeps the score monotonic; the clamp absorbs float error at the ends.
  const value = Math.min(100, Math.max(0, Math.round(100 - lost + 1e-9)));
  return { score: value, band: band(value, settings.thresholds), signals };
}

/** healthy ≥ `healthy`, at risk < `atRisk`, watch in between. */
export function band(value: number, t: Settings["thresholds"] = DEFAULTS.thresholds): Band {
  if (value >= t.healthy) return "healthy";
  if (value < t.atRisk) return "at_risk";
  return "watch";
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
