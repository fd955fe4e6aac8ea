import { describe, expect, it } from "vitest";
import { ReportMath } from "./report-math";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("ReportMath: lead sources, comparisons, currency units", () => {
  it("puts the new leads beside each source's deals, keeping every source seen in either (500 generated cases)", () => {
    const r = rng(5);
    const SOURCES = ["web", "fair", "referral", "微信", ""];
    for (let n = 0; n < 500; n++) {
      const dims = new Map<string, ReturnType<typeof ReportMath.empty>>();
      const leads = new Map<string, number>();
      const expect_ = new Map<string, { leads: number; won: number; wonAmount: number; created: number }>();
      for (const s of SOURCES) {
        if (r() < 0.6) {
          const t = ReportMath.empty();
          t.created = Math.floor(r() * 20);
          t.won = Math.floor(r() * 10);
          t.wonAmount = t.won * Math.floor(r() * 100_000);
          t.lost = Math.floor(r() * 5);
          dims.set(`source#${s}`, t);
        }
        if (r() < 0.6) leads.set(s, Math.floor(r() * 30));
        const t = dims.get(`source#${s}`);
        const l = leads.get(s) ?? 0;
        if (l || t?.created || t?.won || t?.lost) expect_.set(s, { leads: l, won: t?.won ?? 0, wonAmount: t?.wonAmount ?? 0, created: t?.created ?? 0 });
      }
      dims.set("all", ReportMath.empty());
      dims.set("owner#u1", { ...ReportMath.empty(), won: 3 });
      const rows = ReportMath.bySource(dims, leads);
      expect(rows.length).toBe(expect_.size);
      for (const row of rows) {
        const e = expect_.get(row.source ?? "")!;
        expect(row).toMatchObject(e);
        expect(row.wonPerLead).toBe(e.leads ? Math.round(e.wonAmount / e.leads) : null);
      }
      for (let i = 1; i < rows.length; i++) expect(rows[i - 1].wonAmount).toBeGreaterThanOrEqual(rows[i].wonAmount);
    }
  });

  it("adds up counts per key", () => {
    const r = rng(9);
    const entries: Array<[string, number]> = Array.from({ length: 300 }, () => [`k${Math.floor(r() * 7)}`, Math.floor(r() * 50)]);
    const sums = ReportMath.sumCounts(entries);
    for (const [k, v] of sums) expect(v).toBe(entries.filter(([e]) => e === k).reduce((a, [, x]) => a + x, 0));
  });

  it("compares this period with the one before (1,000 generated cases)", () => {
    const r = rng(13);
    for (let n = 0; n < 1000; n++) {
      const current = r() < 0.1 ? null : Math.floor(r() * 1e6) - 1000;
      const previous = r() < 0.1 ? null : r() < 0.2 ? 0 : Math.floor(r() * 1e6) - 1000;
      const c = ReportMath.change(current, previous);
      if (current === null || previous === null) {
        expect(c.change).toBeNull();
        expect(c.changeRatio).toBeNull();
        continue;
      }
      expect(c.change).toBe(current - previous);
      if (previous === 0) expect(c.changeRatio).toBeNull();
      else expect(c.changeRatio! * Math.abs(previous)).toBeCloseTo(current - previous, 3);
    }
    const s = { leads: 4, created: 2, createdAmount: 100, won: 1, wonAmount: 50, lost: 1, winRate: 0.5, averageDealSize: 50, averageCycleDays: null };
    const rows = ReportMath.comparison(s, { ...s, won: 2, averageCycleDays: 3 });
    expect(rows.map((x) => x.metric)).toEqual([...ReportMath.COMPARED]);
    expect(rows.find((x) => x.metric === "won")).toMatchObject({ current: 1, previous: 2, change: -1, changeRatio: -0.5 });
    expect(rows.find((x) => x.metric === "averageCycleDays")).toMatchObject({ current: null, change: null });
  });

  it("turns minor units into the currency's major unit (1,000 generated amounts)", () => {
    const r = rng(17);
    for (let n = 0; n < 1000; n++) {
      const minor = Math.floor(r() * 1e12);
      expect(ReportMath.toMajor(minor, "CNY") * 100).toBeCloseTo(minor, 2);
      expect(ReportMath.toMajor(minor, "JPY")).toBe(minor);
      expect(ReportMath.toMajor(minor, "KWD") * 1000).toBeCloseTo(minor, 2);
    }
    expect(ReportMath.toMajor(123456, "CNY")).toBe(1234.56);
    expect(ReportMath.toMajor(123456, "XXQ")).toBe(1234.56);
  });
});
