import { describe, expect, it } from "vitest";
import { ChurnScore } from "./churn-score";
import { HealthSignals } from "./health-signals";
import { Health } from "./health";

/** mulberry32: the same cases on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, max: number) => Math.floor(r() * (max + 1));

function signals(r: () => number): ChurnScore.Signals {
  return {
    daysSinceActivity: r() < 0.1 ? null : int(r, 400),
    daysSinceWon: r() < 0.2 ? null : int(r, 800),
    openTickets: int(r, 8),
    breaches: int(r, 5),
    lostDeals: int(r, 5),
    unsubscribed: r() < 0.3,
  };
}

function settings(r: () => number): ChurnScore.Settings {
  const healthy = 2 + int(r, 98);
  return {
    weights: { activity: int(r, 100), won: int(r, 100), openTickets: int(r, 100), breaches: int(r, 100), lostDeals: int(r, 100), unsubscribed: int(r, 100) },
    full: { activityDays: 1 + int(r, 400), wonDays: 1 + int(r, 900), openTickets: 1 + int(r, 9), breaches: 1 + int(r, 9), lostDeals: 1 + int(r, 9) },
    thresholds: { healthy, atRisk: 1 + int(r, healthy - 2) },
  };
}

/** The same signals, one of them made worse. */
function worse(s: ChurnScore.Signals, r: () => number): ChurnScore.Signals {
  const next = { ...s };
  switch (int(r, 5)) {
    case 0: next.daysSinceActivity = s.daysSinceActivity === null || r() < 0.2 ? null : s.daysSinceActivity + 1 + int(r, 100); break;
    case 1: next.daysSinceWon = s.daysSinceWon === null || r() < 0.2 ? null : s.daysSinceWon + 1 + int(r, 100); break;
    case 2: next.openTickets += 1 + int(r, 3); break;
    case 3: next.breaches += 1 + int(r, 3); break;
    case 4: next.lostDeals += 1 + int(r, 3); break;
    default: next.unsubscribed = true;
  }
  return next;
}

describe("churn score (generated cases)", () => {
  it("stays within 0..100, is an integer, and its band follows the thresholds (5,000 cases)", () => {
    const r = rng(1);
    for (let i = 0; i < 5000; i++) {
      const st = i % 2 ? settings(r) : ChurnScore.DEFAULTS;
      const { score, band, signals: parts } = ChurnScore.score(signals(r), st);
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(band).toBe(score >= st.thresholds.healthy ? "healthy" : score < st.thresholds.atRisk ? "at_risk" : "watch");
      // The explanation adds up: 100 minus the points each signal takes (up to rounding).
      expect(Math.abs(100 - parts.reduce((s, p) => s + p.points, 0) - score)).toBeLessThanOrEqual(0.6);
      for (const p of parts) expect(p.penalty).toBeGreaterThanOrEqual(0), expect(p.penalty).toBeLessThanOrEqual(1);
    }
  });

  it("never rises when any one signal gets worse (5,000 cases)", () => {
    const r = rng(2);
    for (let i = 0; i < 5000; i++) {
      const st = i % 3 ? settings(r) : ChurnScore.DEFAULTS;
      const s = signals(r);
      const w = worse(s, r);
      expect(ChurnScore.score(w, st).score, JSON.stringify({ s, w, st })).toBeLessThanOrEqual(ChurnScore.score(s, st).score);
    }
  });

  it("a perfect customer scores 100, the worst 0, and all-zero weights count nothing", () => {
    const best = { daysSinceActivity: 0, daysSinceWon: 0, openTickets: 0, breaches: 0, lostDeals: 0, unsubscribed: false };
    const worst = { daysSinceActivity: null, daysSinceWon: null, openTickets: 99, breaches: 99, lostDeals: 99, unsubscribed: true };
    expect(ChurnScore.score(best).score).toBe(100);
    expect(ChurnScore.score(worst).score).toBe(0);
    const zero = { ...ChurnScore.DEFAULTS, weights: { activity: 0, won: 0, openTickets: 0, breaches: 0, lostDeals: 0, unsubscribed: 0 } };
    expect(ChurnScore.score(worst, zero).score).toBe(100);
    // Defaults: 90 days quiet and never won take 30 + 20 points.
    expect(ChurnScore.score({ ...best, daysSinceActivity: 90, daysSinceWon: null }).score).toBe(50);
  });

  it("puts the band edges where the thresholds say, for every threshold pair", () => {
    for (let healthy = 2; healthy <= 100; healthy++) {
      for (let atRisk = 1; atRisk < healthy; atRisk += 7) {
        const t = { healthy, atRisk };
        expect(ChurnScore.band(healthy, t)).toBe("healthy");
        expect(ChurnScore.band(healthy - 1, t)).toBe(healthy - 1 < atRisk ? "at_risk" : "watch");
        expect(ChurnScore.band(atRisk, t)).toBe(atRisk >= healthy ? "healthy" : "watch");
        expect(ChurnScore.band(atRisk - 1, t)).toBe("at_risk");
      }
    }
    expect([70, 69, 40, 39].map((v) => ChurnScore.band(v))).toEqual(["healthy", "watch", "watch", "at_risk"]);
  });

  it("rejects thresholds out of order and weights out of range", () => {
    expect(ChurnScore.Settings.safeParse({ ...ChurnScore.DEFAULTS, thresholds: { healthy: 40, atRisk: 40 } }).success).toBe(false);
    expect(ChurnScore.Settings.safeParse({ ...ChurnScore.DEFAULTS, weights: { ...ChurnScore.DEFAULTS.weights, won: 101 } }).success).toBe(false);
    expect(ChurnScore.Settings.safeParse(ChurnScore.DEFAULTS).success).toBe(true);
  });
});

describe("health signals from events (generated cases)", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();

  it("applying the same events again (redelivery) changes nothing, in any order of duplicates (1,000 cases)", () => {
    const r = rng(3);
    for (let i = 0; i < 1000; i++) {
      const events = Array.from({ length: 1 + int(r, 12) }, (_, n) => {
        const kind = int(r, 4);
        const id = `x${int(r, 3)}`;
        const when = at(n * 3 + int(r, 2));
        if (kind === 0) return { type: "ticket.updated", at: when, data: { ticketId: id, status: r() < 0.5 ? "open" : "solved", requesterId: "c" } };
        if (kind === 1) return { type: "ticket.sla_breached", at: when, data: { ticketId: id, metric: "firstResponse", at: when } };
        if (kind === 2) return { type: "deal.won", at: when, data: { deal: { dealId: id, status: r() < 0.5 ? "won" : "lost", amount: int(r, 1000), closedAt: when, contactId: "c" } } };
        if (kind === 3) return { type: "note.created", at: when, data: { recordType: "contact", recordId: "c" } };
        return { type: "contact.unsubscribed", at: when, data: { contactId: "c", email: "c@x.example" } };
      });
      const once = events.reduce((a, e) => HealthSignals.apply(a, e), HealthSignals.empty());
      const twice = [...events, ...events.filter(() => r() < 0.5)].reduce((a, e) => HealthSignals.apply(a, e), HealthSignals.empty());
      const now = new Date(at(60));
      expect(HealthSignals.signals(twice, now)).toEqual(HealthSignals.signals(once, now));
      expect(HealthSignals.value(twice)).toBe(HealthSignals.value(once));
      // Pruning never changes today's signals.
      expect(HealthSignals.signals(HealthSignals.prune(once, now), now)).toEqual(HealthSignals.signals(once, now));
    }
  });

  it("counts breaches and lost deals only within 90 days, and the churn module's own events are not activity", () => {
    let a = HealthSignals.empty();
    a = HealthSignals.apply(a, { type: "ticket.sla_breached", at: at(0), data: { ticketId: "t1", metric: "resolution", at: at(0) } });
    a = HealthSignals.apply(a, { type: "deal.lost", at: at(10), data: { deal: { dealId: "d1", status: "lost", amount: 5, closedAt: at(10) } } });
    a = HealthSignals.apply(a, { type: "task.created", at: at(20), data: { recordType: "contact", recordId: "c" } }, true);
    const s89 = HealthSignals.signals(a, new Date(at(89)));
    expect([s89.breaches, s89.lostDeals, s89.daysSinceActivity]).toEqual([1, 1, 79]);
    const s101 = HealthSignals.signals(a, new Date(at(101)));
    expect([s101.breaches, s101.lostDeals]).toEqual([0, 0]);
    expect(HealthSignals.prune(a, new Date(at(101))).deals).toEqual({});
  });

  it("keeps one history point per day, the day's latest score, bounded", () => {
    let h: Health.HistoryPoint[] = [];
    for (let d = 0; d < 500; d++) {
      h = Health.withPoint(h, new Date(at(d)), d % 100);
      h = Health.withPoint(h, new Date(Date.parse(at(d)) + 3_600_000), (d % 100) + 1);
    }
    expect(h).toHaveLength(Health.HISTORY_LIMIT);
    expect(new Set(h.map((p) => p.day)).size).toBe(h.length);
    expect(h[h.length - 1]).toEqual({ day: at(499).slice(0, 10), score: 100 });
    expect(Health.valueKey(42) < Health.valueKey(1000)).toBe(true);
  });
});
