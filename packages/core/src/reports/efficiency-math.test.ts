import { describe, expect, it } from "vitest";
import { EfficiencyMath } from "./efficiency-math";
import { mulberry32 as prng } from "../testing/prng";

const rand = prng(20261124);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)];
const ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/St_Johns"];

describe("percentile", () => {
  it("gives the textbook median and interpolated percentiles", () => {
    expect(EfficiencyMath.percentile([], 0.5)).toBeNull();
    expect(EfficiencyMath.percentile([7], 0.9)).toBe(7);
    expect(EfficiencyMath.percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(EfficiencyMath.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(EfficiencyMath.responseStats([10, 20, 30])).toEqual({ count: 3, medianMinutes: 20, p90Minutes: 28 });
  });

  it("holds for 500 generated samples: the median splits the values, percentiles grow with p and stay within the range", () => {
    for (let n = 0; n < 500; n++) {
      const values = Array.from({ length: int(1, 60) }, () => int(0, 5000) / 10);
      const sorted = [...values].sort((a, b) => a - b);
      const median = EfficiencyMath.percentile(values, 0.5)!;
      const mid = sorted.length / 2;
      const expected = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
      expect(median).toBeCloseTo(expected, 9);
      expect(sorted.filter((v) => v < median).length).toBeLessThanOrEqual(Math.floor(sorted.length / 2));
      expect(sorted.filter((v) => v > median).length).toBeLessThanOrEqual(Math.floor(sorted.length / 2));
      let last = -Infinity;
      for (const p of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
        const v = EfficiencyMath.percentile(values, p)!;
        expect(v).toBeGreaterThanOrEqual(last);
        expect(v).toBeGreaterThanOrEqual(sorted[0]);
        expect(v).toBeLessThanOrEqual(sorted.at(-1)!);
        last = v;
      }
      expect(EfficiencyMath.percentile(values, 0)).toBe(sorted[0]);
      expect(EfficiencyMath.percentile(values, 1)).toBe(sorted.at(-1));
    }
  });
});

describe("days in a zone", () => {
  it("puts an instant on the day it is in the zone", () => {
    expect(EfficiencyMath.dayOf("2026-03-31T16:30:00Z", "Asia/Shanghai")).toBe("2026-04-01");
    expect(EfficiencyMath.dayOf("2026-03-31T16:30:00Z", "America/New_York")).toBe("2026-03-31");
    expect(EfficiencyMath.dayOf("2026-01-01T03:00:00Z", "America/Los_Angeles")).toBe("2025-12-31");
  });

  it("agrees with Intl for 2,000 generated instants and zones", () => {
    for (let n = 0; n < 2000; n++) {
      const at = new Date(Date.UTC(2020, 0, 1) + int(0, 8 * 365 * 24 * 60) * 60_000);
      const zone = pick(ZONES);
      const intl = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
      expect(EfficiencyMath.dayOf(at, zone)).toBe(intl);
    }
  });

  it("lists the days and months of a period, and finds the day, week, month and quarter of a day", () => {
    expect(EfficiencyMath.daysBetween("2024-02-27", "2024-03-02")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]);
    expect(EfficiencyMath.monthsOf("2025-11-30", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(EfficiencyMath.periodOf("week", "2026-11-24")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(EfficiencyMath.periodOf("quarter", "2026-11-24")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    for (let n = 0; n < 500; n++) {
      const day = new Date(Date.UTC(2020, 0, 1) + int(0, 3000) * 86400_000).toISOString().slice(0, 10);
      const days = (k: EfficiencyMath.PeriodKind) => EfficiencyMath.daysBetween(EfficiencyMath.periodOf(k, day).from, EfficiencyMath.periodOf(k, day).to);
      expect(days("day")).toEqual([day]);
      const week = days("week");
      expect(week).toHaveLength(7);
      expect(week).toContain(day);
      expect(new Date(`${week[0]}T00:00:00Z`).getUTCDay()).toBe(1);
      const month = days("month");
      expect(month[0]).toBe(`${day.slice(0, 7)}-01`);
      expect(month.every((d) => d.slice(0, 7) === day.slice(0, 7))).toBe(true);
      expect(month).toContain(day);
      const quarter = days("quarter");
      expect(quarter).toContain(day);
      expect(quarter.length).toBeGreaterThanOrEqual(90);
      expect(quarter.length).toBeLessThanOrEqual(92);
      expect(["01", "04", "07", "10"]).toContain(quarter[0].slice(5, 7));
      expect(EfficiencyMath.monthsOf(quarter[0], quarter.at(-1)!)).toHaveLength(3);
    }
  });
});

describe("counter changes", () => {
  const sum = (changes: EfficiencyMath.Change[]) => {
    const out = new Map<string, number>();
    for (const c of changes) for (const [f, v] of Object.entries(c.add)) out.set(`${c.userId}|${c.day}|${f}`, (out.get(`${c.userId}|${c.day}|${f}`) ?? 0) + v);
    return new Map([...out].filter(([, v]) => v !== 0));
  };

  it("keeps the counters equal to a recount of the tasks and activities through 300 generated histories", () => {
    for (let n = 0; n < 300; n++) {
      const zone = pick(ZONES);
      const held: EfficiencyMath.Change[] = [];
      let task: EfficiencyMath.TaskFacts | null = null;
      let activity: EfficiencyMath.ActivityFacts | null = null;
      const base = Date.UTC(2026, int(0, 11), int(1, 28));
      const instant = () => new Date(base + int(-3 * 1440, 3 * 1440) * 60_000).toISOString();
      for (let step = 0; step < int(1, 12); step++) {
        const done = rand() < 0.5;
        const nextTask: EfficiencyMath.TaskFacts = { userId: pick(["u1", "u2"]), dueAt: instant(), status: done ? "done" : "open", completedAt: done ? instant() : null };
        held.push(...EfficiencyMath.diff(task ? EfficiencyMath.taskContributions(task, zone) : [], EfficiencyMath.taskContributions(nextTask, zone)));
        task = nextTask;
        const nextActivity = rand() < 0.2 ? null : { userId: pick(["u1", "u2"]), at: instant(), kind: pick(EfficiencyMath.KINDS) };
        held.push(...EfficiencyMath.diff(activity ? EfficiencyMath.activityContributions(activity, zone) : [], nextActivity ? EfficiencyMath.activityContributions(nextActivity, zone) : []));
        activity = nextActivity;
      }
      const recount = [...EfficiencyMath.taskContributions(task!, zone), ...(activity ? EfficiencyMath.activityContributions(activity, zone) : [])];
      expect(sum(held)).toEqual(sum(recount));
    }
  });

  it("counts a task done by its due time as on time, after it as late, and on the day it was done", () => {
    const onTime = EfficiencyMath.taskContributions({ userId: "u", dueAt: "2026-05-01T09:00:00Z", status: "done", completedAt: "2026-04-30T17:00:00Z" }, "Asia/Shanghai");
    expect(onTime).toEqual([{ userId: "u", day: "2026-05-01", add: { tasksDue: 1, tasksOnTime: 1 } }, { userId: "u", day: "2026-05-01", add: { tasksDone: 1 } }]);
    const late = EfficiencyMath.taskContributions({ userId: "u", dueAt: "2026-05-01T09:00:00Z", status: "done", completedAt: "2026-05-03T01:00:00Z" }, "UTC");
    expect(late).toEqual([{ userId: "u", day: "2026-05-01", add: { tasksDue: 1, tasksLate: 1 } }, { userId: "u", day: "2026-05-03", add: { tasksDone: 1 } }]);
    // diff merges both parts of the same day into one change (a transaction touches an item once).
    expect(EfficiencyMath.diff([], onTime)).toEqual([{ userId: "u", day: "2026-05-01", add: { tasksDue: 1, tasksOnTime: 1, tasksDone: 1 } }]);
  });
});

describe("first-response minutes", () => {
  it("takes the SLA clock's business minutes when one finished, else the wall-clock time, and nothing before a reply", () => {
    const createdAt = "2026-03-13T09:30:00Z";
    expect(EfficiencyMath.firstResponseMinutes({ createdAt })).toBeNull();
    expect(EfficiencyMath.firstResponseMinutes({ createdAt, firstAgentReplyAt: "2026-03-13T10:00:00Z" })).toBe(30);
    const sla = { clocks: [{ metric: "resolution", completedAt: null, elapsedMinutes: 5 }, { metric: "firstResponse", completedAt: "2026-03-16T01:15:00Z", elapsedMinutes: 45 }] };
    expect(EfficiencyMath.firstResponseMinutes({ createdAt, firstAgentReplyAt: "2026-03-16T01:15:00Z", sla })).toBe(45);
    // A clock still running (the reply was a note, say) does not count; the wall clock does.
    expect(EfficiencyMath.firstResponseMinutes({ createdAt, firstAgentReplyAt: "2026-03-13T09:40:00Z", sla: { clocks: [{ metric: "firstResponse", completedAt: null, elapsedMinutes: 3 }] } })).toBe(10);
    for (let n = 0; n < 200; n++) {
      const minutes = int(0, 100_000);
      const reply = new Date(Date.parse(createdAt) + minutes * 60_000).toISOString();
      expect(EfficiencyMath.firstResponseMinutes({ createdAt, firstAgentReplyAt: reply })).toBe(minutes);
    }
  });
});

describe("aggregate", () => {
  it("counts overdue tasks on days that are over, and only late ones today", () => {
    expect(EfficiencyMath.overdueOf({ userId: "u", day: "2026-05-01", tasksDue: 5, tasksOnTime: 2, tasksLate: 1 }, "2026-05-02")).toBe(3);
    expect(EfficiencyMath.overdueOf({ userId: "u", day: "2026-05-02", tasksDue: 5, tasksOnTime: 2, tasksLate: 1 }, "2026-05-02")).toBe(1);
  });

  it("makes rows, totals and a daily series that add up, for 200 generated months of counters", () => {
    for (let n = 0; n < 200; n++) {
      const users = ["a", "b", "c", "d"].slice(0, int(1, 4));
      const from = "2026-03-01";
      const to = `2026-03-${String(int(1, 31)).padStart(2, "0")}`;
      const today = `2026-03-${String(int(1, 31)).padStart(2, "0")}`;
      const items: EfficiencyMath.DayItem[] = [];
      for (let i = 0; i < int(0, 40); i++) {
        const due = int(0, 4);
        items.push({
          userId: pick([...users, "stranger"]), day: `2026-03-${String(int(1, 31)).padStart(2, "0")}`,
          call: int(0, 3), meeting: int(0, 2), visit: int(0, 1), email: int(0, 2), stageChanges: int(0, 3), tasksDone: int(0, 3),
          tasksDue: due, tasksOnTime: int(0, due), tasksLate: int(0, 1),
          dealsTouched: Array.from({ length: int(0, 3) }, () => `d${int(1, 6)}`), dealsMoved: Array.from({ length: int(0, 2) }, () => `d${int(1, 6)}`),
          ticketsHandled: Array.from({ length: int(0, 2) }, () => `t${int(1, 5)}`), frMinutes: Array.from({ length: int(0, 2) }, () => int(1, 600)),
        });
      }
      const r = EfficiencyMath.aggregate(items, { userIds: users, from, to, today });
      const counted = items.filter((i) => users.includes(i.userId) && i.day >= from && i.day <= to);
      expect(r.rows.map((x) => x.userId)).toEqual(users);
      expect(r.series.map((s) => s.day)).toEqual(EfficiencyMath.daysBetween(from, to));
      for (const k of ["call", "meeting", "visit", "email", "total"] as const) {
        expect(r.rows.reduce((s, x) => s + x.activities[k], 0)).toBe(r.totals.activities[k]);
        expect(r.series.reduce((s, x) => s + x.activities[k], 0)).toBe(r.totals.activities[k]);
      }
      for (const k of ["stageChanges", "tasksDone", "tasksOverdue"] as const) {
        expect(r.rows.reduce((s, x) => s + x[k], 0)).toBe(r.totals[k]);
        expect(r.series.reduce((s, x) => s + x[k], 0)).toBe(r.totals[k]);
      }
      expect(r.totals.activities.total).toBe(counted.reduce((s, i) => s + i.call! + i.meeting! + i.visit! + i.email!, 0));
      // Distinct deals and tickets: never more than the sum of the members', never fewer than any one member's.
      expect(r.totals.dealsTouched).toBe(new Set(counted.flatMap((i) => i.dealsTouched!)).size);
      expect(r.totals.ticketsHandled).toBe(new Set(counted.flatMap((i) => i.ticketsHandled!)).size);
      for (const row of r.rows) expect(row.dealsMoved).toBeLessThanOrEqual(r.totals.dealsMoved);
      const allFr = counted.flatMap((i) => i.frMinutes!);
      expect(r.totals.firstResponse).toEqual(EfficiencyMath.responseStats(allFr));
      expect(r.rows.reduce((s, x) => s + x.firstResponse.count, 0)).toBe(allFr.length);
    }
  });
});
