import { describe, expect, it } from "vitest";
import { CareDates, type Trigger } from "./care-dates";

// A small seeded PRNG, so a failure names a seed that reproduces it.
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Auckland", "America/St_Johns", "Europe/London", "Pacific/Chatham"];

/** The oracle: the first instant on a 15-minute grid whose wall clock reaches `date` `hour`:00. */
function slowInstant(date: string, hour: number, tz: string): number {
  const p = CareDates.parseDate(date)!;
  const want = Date.UTC(p.y, p.m - 1, p.d, hour);
  for (let t = want - 16 * 3600_000; t <= want + 16 * 3600_000; t += 15 * 60_000) {
    const w = CareDates.wallClock(new Date(t), tz);
    if (Date.UTC(w.y, w.m - 1, w.d, w.h, w.min) < want) continue;
    // Refine by the minute: some zones changed at odd minutes (St John's at 00:01 until 2011).
    for (let u = t - 15 * 60_000; ; u += 60_000) {
      const v = CareDates.wallClock(new Date(u), tz);
      if (Date.UTC(v.y, v.m - 1, v.d, v.h, v.min) >= want) return u;
    }
  }
  throw new Error("no instant");
}

function randomDate(r: ReturnType<typeof prng>, from = 1990, to = 2040) {
  const y = r.int(from, to);
  const m = r.int(1, 12);
  return CareDates.formatDate(y, m, r.int(1, CareDates.daysInMonth(y, m)));
}

describe("CareDates.zonedInstant", () => {
  it("is the first instant showing the send hour, or the first after a DST gap (3,000 generated cases)", () => {
    for (let i = 0; i < 3000; i++) {
      const r = prng(i + 1);
      const tz = r.pick(ZONES);
      // Bias towards March/April and October/November, where the DST changes are.
      const y = r.int(1995, 2040);
      const m = r.pick([3, 3, 4, 10, 10, 11, r.int(1, 12)]);
      const date = CareDates.formatDate(y, m, r.int(1, CareDates.daysInMonth(y, m)));
      const hour = r.int(0, 23);
      expect(CareDates.zonedInstant(date, hour, tz).getTime(), `seed ${i + 1}: ${date} ${hour}h ${tz}`).toBe(slowInstant(date, hour, tz));
    }
  });

  it("handles the known changes: New York, Berlin, Lord Howe's half hour, Shanghai without DST", () => {
    expect(CareDates.zonedInstant("2027-03-14", 2, "America/New_York").toISOString()).toBe("2027-03-14T07:00:00.000Z"); // 03:00 EDT
    expect(CareDates.zonedInstant("2027-11-07", 1, "America/New_York").toISOString()).toBe("2027-11-07T05:00:00.000Z"); // first 01:00
    expect(CareDates.zonedInstant("2027-03-28", 2, "Europe/Berlin").toISOString()).toBe("2027-03-28T01:00:00.000Z");
    expect(CareDates.zonedInstant("2027-10-31", 2, "Europe/Berlin").toISOString()).toBe("2027-10-31T00:00:00.000Z");
    expect(CareDates.zonedInstant("2027-10-03", 2, "Australia/Lord_Howe").toISOString()).toBe("2027-10-02T15:30:00.000Z"); // 02:30 +11
    expect(CareDates.zonedInstant("2027-03-15", 9, "Asia/Shanghai").toISOString()).toBe("2027-03-15T01:00:00.000Z");
  });
});

describe("CareDates: civil days", () => {
  it("adds days across month and year ends like the calendar does (2,000 generated cases)", () => {
    for (let i = 0; i < 2000; i++) {
      const r = prng(10_000 + i);
      const date = randomDate(r);
      const n = r.int(-800, 800);
      const p = CareDates.parseDate(date)!;
      const d = new Date(p.y, p.m - 1, p.d + n, 12); // the local calendar as an independent oracle
      expect(CareDates.addDays(date, n)).toBe(CareDates.formatDate(d.getFullYear(), d.getMonth() + 1, d.getDate()));
    }
    expect(CareDates.addDays("2027-03-31", -31)).toBe("2027-02-28");
    expect(CareDates.addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(CareDates.addDays("2027-12-31", 1)).toBe("2028-01-01");
  });

  it("accepts real birthdays only", () => {
    for (const ok of ["02-29", "12-31", "1990-02-28", "2000-02-29"]) expect(CareDates.isBirthday(ok), ok).toBe(true);
    for (const bad of ["02-30", "13-01", "00-10", "1999-02-29", "1990-04-31", "2-3", "1990/01/01", ""]) expect(CareDates.isBirthday(bad), bad).toBe(false);
  });
});

/** The oracle for yearly triggers: walk day by day from today. */
function slowYearly(m: number, d: number, originYear: number | undefined, from: string): string {
  for (let day = from; ; day = CareDates.addDays(day, 1)) {
    const p = CareDates.parseDate(day)!;
    if (originYear !== undefined && p.y <= originYear) continue;
    const hit = p.m === m && (p.d === d || (m === 2 && d === 29 && !CareDates.isLeap(p.y) && p.d === 28));
    if (hit) return day;
  }
}

describe("CareDates.next", () => {
  const ctx = (now: string, tz = "Asia/Shanghai", sendHour = 9, after?: string) => ({ now: new Date(now), timeZone: tz, sendHour, after });

  it("29 February birthdays fall on 28 February in common years", () => {
    expect(CareDates.next({ kind: "birthday" }, { birthday: "02-29" }, ctx("2027-01-10T00:00:00Z"))).toEqual({ occurrence: "2027-02-28", dueAt: "2027-02-28T01:00:00.000Z" });
    expect(CareDates.next({ kind: "birthday" }, { birthday: "1996-02-29" }, ctx("2028-01-10T00:00:00Z"))).toEqual({ occurrence: "2028-02-29", dueAt: "2028-02-29T01:00:00.000Z" });
    expect(CareDates.next({ kind: "birthday" }, { birthday: "02-29" }, ctx("2027-03-01T00:00:00Z", "UTC", 9, "2027-02-28"))?.occurrence).toBe("2028-02-29");
  });

  it("birthdays and anniversaries: the first matching day from today, at the send hour (3,000 generated cases)", () => {
    for (let i = 0; i < 3000; i++) {
      const r = prng(50_000 + i);
      const tz = r.pick(ZONES);
      const now = new Date(Date.UTC(r.int(2000, 2035), 0, 1) + r.int(0, 366 * 86400) * 1000);
      const sendHour = r.int(0, 23);
      const today = CareDates.localDate(now, tz);
      const anniversary = r.next() < 0.4;
      const origin = r.next() < 0.15 ? (r.next() < 0.5 ? "2000-02-29" : "02-29") : anniversary || r.next() < 0.5 ? randomDate(r, 1960, 2034) : randomDate(r, 2001, 2001).slice(5);
      const after = r.next() < 0.3 ? CareDates.addDays(today, r.int(-10, 10)) : undefined;
      const trigger: Trigger = anniversary ? { kind: "anniversary", field: "since" } : { kind: "birthday" };
      const facts = anniversary ? { date: origin.length === 5 ? `${origin === "02-29" ? 2000 : 2001}-${origin}` : origin } : { birthday: origin };
      const got = CareDates.next(trigger, facts, { now, timeZone: tz, sendHour, after });
      const parsed = CareDates.parseBirthday(anniversary ? facts.date! : origin)!;
      const from = after && after >= today ? CareDates.addDays(after, 1) : today;
      const want = slowYearly(parsed.m, parsed.d, parsed.y, from);
      const due = Math.max(now.getTime(), CareDates.zonedInstant(want, sendHour, tz).getTime());
      expect(got, `seed ${50_000 + i}`).toEqual({ occurrence: want, dueAt: new Date(due).toISOString() });
    }
  });

  it("one-off triggers: N days after, N days before, N days idle; past days are missed (2,000 generated cases)", () => {
    for (let i = 0; i < 2000; i++) {
      const r = prng(90_000 + i);
      const tz = r.pick(ZONES);
      const now = new Date(Date.UTC(2027, 0, 1) + r.int(0, 730 * 86400) * 1000);
      const sendHour = r.int(0, 23);
      const days = r.int(0, 400);
      const base = new Date(now.getTime() + r.int(-500, 500) * 86400_000 + r.int(0, 86399) * 1000);
      const kind = r.pick(["deal_won", "before_date", "inactivity"] as const);
      const trigger: Trigger = kind === "before_date" ? { kind, field: "renewal", days } : { kind, days };
      const asDate = r.next() < 0.5;
      const value = kind === "before_date" && asDate ? CareDates.localDate(base, tz) : base.toISOString();
      const facts = kind === "deal_won" ? { wonAt: value } : kind === "before_date" ? { date: value } : { lastActivityAt: value };
      const got = CareDates.next(trigger, facts, { now, timeZone: tz, sendHour });
      const day = CareDates.addDays(CareDates.localDate(base, tz), kind === "before_date" ? -days : days);
      const today = CareDates.localDate(now, tz);
      if (day < today) expect(got, `seed ${90_000 + i}`).toBeNull();
      else {
        const due = Math.max(now.getTime(), CareDates.zonedInstant(day, sendHour, tz).getTime());
        expect(got, `seed ${90_000 + i}`).toEqual({ occurrence: day, dueAt: new Date(due).toISOString() });
      }
    }
  });

  it("today's occurrence after its hour is due now; a sent one is never planned again", () => {
    const now = "2027-05-20T08:00:00Z"; // 16:00 in Shanghai
    expect(CareDates.next({ kind: "birthday" }, { birthday: "05-20" }, ctx(now))).toEqual({ occurrence: "2027-05-20", dueAt: "2027-05-20T08:00:00.000Z" });
    expect(CareDates.next({ kind: "birthday" }, { birthday: "05-20" }, ctx(now, "Asia/Shanghai", 9, "2027-05-20"))?.occurrence).toBe("2028-05-20");
    expect(CareDates.next({ kind: "inactivity", days: 30 }, { lastActivityAt: "2027-04-20T01:00:00Z" }, ctx(now, "Asia/Shanghai", 9, "2027-05-20"))).toBeNull();
    // Month end: 31 days before 31 March is 28 February.
    expect(CareDates.next({ kind: "before_date", field: "renewal", days: 31 }, { date: "2027-03-31" }, ctx("2027-01-01T00:00:00Z"))?.occurrence).toBe("2027-02-28");
    // The day is the tenant's: 23:30 UTC on 31 Dec is already 1 Jan in Shanghai.
    expect(CareDates.next({ kind: "deal_won", days: 1 }, { wonAt: "2026-12-31T23:30:00Z" }, ctx("2027-01-01T00:00:00Z"))?.occurrence).toBe("2027-01-02");
    expect(CareDates.next({ kind: "anniversary", field: "since" }, { date: null }, ctx(now))).toBeNull();
  });
});
