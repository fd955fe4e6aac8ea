import { describe, expect, it } from "vitest";
import { GoalMath } from "./goal-math";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Months since year 0, the independent arithmetic to check against. */
const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

describe("GoalMath", () => {
  it("parses periods and refuses malformed ones", () => {
    for (const ok of ["2026", "2026-Q1", "2026-Q4", "2026-01", "2026-12"]) expect(GoalMath.Period.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["26", "2026-Q0", "2026-Q5", "2026-00", "2026-13", "2026-1", "2026Q1", "2026-01-01", ""]) expect(GoalMath.Period.safeParse(bad).success, bad).toBe(false);
    expect(GoalMath.kindOf("2026")).toBe("year");
    expect(GoalMath.kindOf("2026-Q2")).toBe("quarter");
    expect(GoalMath.kindOf("2026-02")).toBe("month");
  });

  it("covers each month exactly once, and the period before ends the month before it starts (1,000 generated months)", () => {
    const r = rng(7);
    for (let n = 0; n < 1000; n++) {
      const month = monthAt(index("1990-01") + Math.floor(r() * 12 * 80));
      for (const kind of ["month", "quarter", "year"] as const) {
        const period = GoalMath.periodOf(kind, month);
        const months = GoalMath.monthsOf(period);
        expect(months).toContain(month);
        expect(months.length).toBe(kind === "month" ? 1 : kind === "quarter" ? 3 : 12);
        months.forEach((m, i) => i > 0 && expect(index(m)).toBe(index(months[i - 1]) + 1));
        expect(months.every((m) => GoalMath.periodOf(kind, m) === period)).toBe(true);
        const previous = GoalMath.previousOf(period);
        expect(GoalMath.kindOf(previous)).toBe(kind);
        const before = GoalMath.monthsOf(previous);
        expect(before.length).toBe(months.length);
        expect(index(before[before.length - 1])).toBe(index(months[0]) - 1);
      }
    }
    expect(GoalMath.previousOf("2026-01")).toBe("2025-12");
    expect(GoalMath.previousOf("2026-Q1")).toBe("2025-Q4");
    expect(GoalMath.previousOf("2026")).toBe("2025");
  });

  it("computes progress against the target and the period before (1,000 generated cases)", () => {
    const r = rng(11);
    for (let n = 0; n < 1000; n++) {
      const target = 1 + Math.floor(r() * 1e6);
      const value = Math.floor(r() * 2e6);
      const previous = r() < 0.2 ? 0 : Math.floor(r() * 2e6);
      const p = GoalMath.progress(value, target, previous);
      expect(p.ratio * target).toBeCloseTo(value, 3);
      expect(p.reached).toBe(value >= target);
      expect(p.change + previous).toBe(value);
      if (previous === 0) expect(p.changeRatio).toBeNull();
      else expect(previous * (1 + p.changeRatio!)).toBeCloseTo(value, 3);
    }
  });

  it("sums a field over the items of the subjects asked for", () => {
    const r = rng(3);
    const items = Array.from({ length: 500 }, () => ({ subject: `user#u${Math.floor(r() * 10)}`, notes: Math.floor(r() * 5), tasks: r() < 0.5 ? undefined : 2 }));
    const who = new Set(["user#u1", "user#u4"]);
    const expected = items.filter((i) => who.has(i.subject)).reduce((a, i) => a + i.notes + (i.tasks ?? 0), 0);
    expect(GoalMath.sumFor(items, "subject", who, ["notes", "tasks"])).toBe(expected);
    expect(GoalMath.sumFor(items, "subject", new Set(), ["notes"])).toBe(0);
  });
});
