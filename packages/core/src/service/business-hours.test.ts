import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { BusinessHours, CalendarInput, CalendarNeverOpenError, type Calendar } from "./business-hours";

const { addBusinessMinutes: add, businessMinutesBetween: between, isOpen, nextOpening } = BusinessHours;
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

// ---- generated cases: a small seeded PRNG, so a failure names a seed that reproduces it --------------

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, int, pick };
}
type Rnd = ReturnType<typeof prng>;

// Zones with DST in either hemisphere, none, and half-hour offsets.
const ZONES = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "UTC"];
// Instants next to DST changes, month and year ends, leap days.
const ANCHORS = [
  "2024-03-10T07:00:00Z", // New York springs forward
  "2024-11-03T06:00:00Z", // New York falls back
  "2024-03-31T01:00:00Z", // Berlin springs forward
  "2024-10-27T01:00:00Z", // Berlin falls back
  "2024-04-06T16:00:00Z", // Sydney falls back
  "2024-10-05T16:00:00Z", // Sydney springs forward
  "2024-12-31T20:00:00Z",
  "2025-02-28T12:00:00Z",
  "2024-02-29T12:00:00Z",
  "2023-11-05T06:00:00Z",
].map((s) => Date.parse(s));

const hhmm = (quarters: number) => (quarters === 96 ? "24:00" : `${String(Math.floor(quarters / 4)).padStart(2, "0")}:${String((quarters % 4) * 15).padStart(2, "0")}`);
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const SEVEN_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;

function genCalendar(r: Rnd, anchor: number, opts: { allowAlways?: boolean } = {}): Calendar {
  const timeZone = r.pick(ZONES);
  const kind = r.next();
  if (opts.allowAlways !== false && kind < 0.06) return { timeZone, weekly: [], holidays: [], alwaysOpen: true };
  if (opts.allowAlways !== false && kind < 0.12) return { timeZone, weekly: SEVEN_DAYS.map((day) => ({ day, start: "00:00", end: "24:00" })), holidays: [] };
  const weekly: Calendar["weekly"] = [];
  for (const day of SEVEN_DAYS) {
    if (r.next() < 0.35) continue;
    for (let n = r.int(1, 2); n > 0; n--) {
      // Quarter hours, so boundaries also fall inside skipped and repeated DST hours.
      const start = r.int(0, 95);
      weekly.push({ day, start: hhmm(start), end: hhmm(r.int(start + 1, 96)) });
    }
  }
  if (r.next() < 0.35) {
    const day = r.pick(SEVEN_DAYS);
    weekly.push({ day, start: "22:00", end: "24:00" }, { day: ((day + 1) % 7) as Calendar["weekly"][number]["day"], start: "00:00", end: "06:00" });
  }
  if (!weekly.length) weekly.push({ day: 1, start: "09:00", end: "17:00" });
  const holidays = Array.from({ length: r.int(0, 5) }, () => isoDate(anchor + r.int(-12, 12) * DAY));
  return { timeZone, weekly, holidays };
}

function genInstant(r: Rnd, anchor: number): number {
  const t = anchor + r.int(-4 * 1440, 4 * 1440) * MINUTE;
  return r.next() < 0.2 ? t + r.int(1, MINUTE - 1) : t;
}

// ---- an independent oracle: the zone's wall clock from Intl, checked against the weekly rows ---------

const formats = new Map<string, Intl.DateTimeFormat>();
function wall(timeZone: string, t: number) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short" });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday),
    minute: Number(p.hour) * 60 + Number(p.minute),
  };
}
const clock = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
function oracleOpen(cal: Calendar, t: number): boolean {
  if (cal.alwaysOpen) return true;
  const w = wall(cal.timeZone, t);
  if (cal.holidays.includes(w.date)) return false;
  return cal.weekly.some((i) => i.day === w.weekday && clock(i.start) <= w.minute && w.minute < clock(i.end));
}
/** Open minutes in [a, b) for minute-aligned a, b; the zones here change offset only on whole minutes. */
function oracleBetween(cal: Calendar, a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += MINUTE) if (oracleOpen(cal, t)) n++;
  return n;
}

function forCases(count: number, seed: number, body: (r: Rnd, anchor: number, i: number) => void) {
  for (let i = 0; i < count; i++) {
    const r = prng(seed * 100_003 + i);
    const anchor = r.pick(ANCHORS);
    try {
      body(r, anchor, i);
    } catch (e) {
      throw new Error(`case ${i} of seed ${seed}: ${(e as Error).message}`, { cause: e });
    }
  }
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const inZone = (d: Date, zone: string) => DateTime.fromJSDate(d).setZone(zone).toISO({ suppressMilliseconds: true });

describe("business hours: generated cases", () => {
  it("isOpen agrees with the wall clock, also in skipped and repeated hours (2,000 cases)", () => {
    forCases(2000, 1, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const t = genInstant(r, anchor);
      expect(isOpen(cal, new Date(t)), `${JSON.stringify(cal)} at ${new Date(t).toISOString()}`).toBe(oracleOpen(cal, t));
    });
  });

  it("businessMinutesBetween agrees with counting open minutes one by one (150 cases)", () => {
    forCases(150, 2, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const a = anchor + r.int(-2 * 1440, 1440) * MINUTE;
      const b = a + r.int(0, 2 * 1440) * MINUTE;
      expect(between(cal, new Date(a), new Date(b))).toBe(oracleBetween(cal, a, b));
    });
  });

  it("adding m minutes and measuring back gives m; the instant before the result is open (1,500 cases)", () => {
    forCases(1500, 3, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const from = new Date(genInstant(r, anchor));
      const m = r.next() < 0.1 ? r.int(20_000, 200_000) : r.int(1, 20_000);
      const due = add(cal, from, m);
      expect(between(cal, from, due)).toBe(m);
      // Earliest: the last millisecond counted was open, and one millisecond less is not enough.
      expect(isOpen(cal, new Date(due.getTime() - 1))).toBe(true);
      expect(between(cal, from, new Date(due.getTime() - 1))).toBeLessThan(m);
      expect(due.getTime()).toBeGreaterThan(from.getTime());
    });
  });

  it("is monotone in the start and in the minutes, and adds in steps (1,000 cases)", () => {
    forCases(1000, 4, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const a = genInstant(r, anchor);
      const b = a + r.int(0, 3 * 1440) * MINUTE;
      const m1 = r.int(0, 5000);
      const m2 = m1 + r.int(0, 5000);
      expect(add(cal, new Date(a), m1).getTime()).toBeLessThanOrEqual(add(cal, new Date(a), m2).getTime());
      expect(add(cal, new Date(a), m1).getTime()).toBeLessThanOrEqual(add(cal, new Date(b), m1).getTime());
      const step = r.int(1, 5000);
      expect(add(cal, add(cal, new Date(a), m1), step).getTime()).toBe(add(cal, new Date(a), m1 + step).getTime());
    });
  });

  it("measures additively and antisymmetrically (1,000 cases)", () => {
    forCases(1000, 5, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const [a, b, c] = [genInstant(r, anchor), genInstant(r, anchor), genInstant(r, anchor) + r.int(0, 60) * DAY].map((t) => new Date(t));
      const ms = (x: number) => Math.round(x * MINUTE);
      expect(ms(between(cal, a, b)) + ms(between(cal, b, c))).toBe(ms(between(cal, a, c)));
      expect(ms(between(cal, b, a)) + ms(between(cal, a, b))).toBe(0);
    });
  });

  it("nextOpening is open, and nothing before it is (1,000 cases)", () => {
    forCases(1000, 6, (r, anchor) => {
      const cal = genCalendar(r, anchor);
      const at = new Date(genInstant(r, anchor));
      const next = nextOpening(cal, at)!;
      expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
      expect(isOpen(cal, next)).toBe(true);
      expect(between(cal, at, next)).toBe(0);
      if (next > at) expect(isOpen(cal, new Date(next.getTime() - 1))).toBe(false);
      else expect(isOpen(cal, at)).toBe(true);
    });
  });

  it("a 24/7 calendar is plain time: open at every midnight, minutes are minutes (500 cases)", () => {
    forCases(500, 7, (r, anchor) => {
      const timeZone = r.pick(ZONES);
      const cals: Calendar[] = [
        { timeZone, weekly: [], holidays: [], alwaysOpen: true },
        { timeZone, weekly: SEVEN_DAYS.map((day) => ({ day, start: "00:00", end: "24:00" })), holidays: [] },
      ];
      const from = new Date(genInstant(r, anchor));
      const m = r.int(1, 100_000);
      const midnight = DateTime.fromMillis(anchor, { zone: timeZone }).plus({ days: r.int(-3, 3) }).startOf("day").toJSDate();
      for (const cal of cals) {
        expect(add(cal, from, m).getTime()).toBe(from.getTime() + m * MINUTE);
        expect(between(cal, from, new Date(from.getTime() + m * MINUTE))).toBe(m);
        expect(isOpen(cal, midnight)).toBe(true);
        expect(isOpen(cal, new Date(midnight.getTime() - 1))).toBe(true);
      }
    });
  });

  it("a holiday on the due day moves the due time past it by exactly that day's hours (300 cases)", () => {
    forCases(300, 8, (r, anchor) => {
      const cal = genCalendar(r, anchor, { allowAlways: false });
      const from = new Date(genInstant(r, anchor));
      const due = add(cal, from, r.int(1, 3000));
      const day = wall(cal.timeZone, due.getTime() - 1).date; // the day whose open time ends the count
      if (cal.holidays.includes(day)) return;
      const withHoliday = { ...cal, holidays: [...cal.holidays, day] };
      const later = add(withHoliday, from, between(cal, from, due));
      expect(later.getTime()).toBeGreaterThan(due.getTime());
      expect(wall(cal.timeZone, later.getTime() - 1).date > day).toBe(true);
      expect(between(withHoliday, from, later)).toBe(between(cal, from, due));
    });
  });
});

describe("business hours: examples", () => {
  const weekdays = (start: string, end: string, days: readonly number[] = [1, 2, 3, 4, 5]) =>
    days.map((day) => ({ day: day as Calendar["weekly"][number]["day"], start, end }));

  it("Friday 17:30 + 60 minutes, 09:00–18:00 Mon–Fri in Shanghai, is Monday 09:30", () => {
    const cal: Calendar = { timeZone: "Asia/Shanghai", weekly: weekdays("09:00", "18:00"), holidays: [] };
    const due = add(cal, local("2024-05-10T17:30", "Asia/Shanghai"), 60);
    expect(inZone(due, "Asia/Shanghai")).toBe("2024-05-13T09:30:00+08:00");
  });

  it("skips a holiday week: National Day in Shanghai", () => {
    const holidays = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"];
    const cal: Calendar = { timeZone: "Asia/Shanghai", weekly: weekdays("09:00", "18:00"), holidays };
    const due = add(cal, local("2024-09-30T17:00", "Asia/Shanghai"), 120);
    expect(inZone(due, "Asia/Shanghai")).toBe("2024-10-08T10:00:00+08:00");
    expect(between(cal, local("2024-09-30T00:00", "Asia/Shanghai"), local("2024-10-09T00:00", "Asia/Shanghai"))).toBe(2 * 540);
  });

  it("crosses the year end and a New Year holiday", () => {
    const cal: Calendar = { timeZone: "Europe/Berlin", weekly: weekdays("09:00", "17:00"), holidays: ["2025-01-01"] };
    expect(inZone(add(cal, local("2024-12-31T16:00", "Europe/Berlin"), 120), "Europe/Berlin")).toBe("2025-01-02T10:00:00+01:00");
  });

  it("an overnight shift spans midnight as one stretch and loses or gains the DST hour", () => {
    const cal: Calendar = { timeZone: "America/New_York", weekly: [{ day: 6, start: "22:00", end: "24:00" }, { day: 0, start: "00:00", end: "06:00" }], holidays: [] };
    const night = (date: string, next: string) => between(cal, local(`${date}T22:00`, cal.timeZone), local(`${next}T06:00`, cal.timeZone));
    expect(night("2024-03-09", "2024-03-10")).toBe(7 * 60); // spring forward
    expect(night("2024-11-02", "2024-11-03")).toBe(9 * 60); // fall back
    expect(night("2024-06-01", "2024-06-02")).toBe(8 * 60);
    expect(isOpen(cal, local("2024-06-02T00:00", cal.timeZone))).toBe(true);
    expect(inZone(add(cal, local("2024-03-09T23:00", cal.timeZone), 300), cal.timeZone)).toBe("2024-03-10T05:00:00-04:00");
  });

  it("opening hours inside Berlin's DST hours follow the clock on the wall", () => {
    const cal: Calendar = { timeZone: "Europe/Berlin", weekly: [{ day: 0, start: "01:00", end: "05:00" }], holidays: [] };
    const sunday = (date: string) => between(cal, local(`${date}T00:00`, cal.timeZone), local(`${date}T12:00`, cal.timeZone));
    expect(sunday("2024-03-31")).toBe(180);
    expect(sunday("2024-10-27")).toBe(300);
    // 02:30 never shows on the spring-forward morning: the shop opens when the clock jumps to 03:00.
    const skipped: Calendar = { ...cal, weekly: [{ day: 0, start: "02:30", end: "04:00" }] };
    expect(nextOpening(skipped, local("2024-03-31T00:00", cal.timeZone))!.toISOString()).toBe("2024-03-31T01:00:00.000Z");
  });

  it("ignores DST for day hours and treats Shanghai (no DST) uniformly", () => {
    const ny: Calendar = { timeZone: "America/New_York", weekly: weekdays("09:00", "17:00"), holidays: [] };
    expect(between(ny, local("2024-03-08T09:00", ny.timeZone), local("2024-03-11T17:00", ny.timeZone))).toBe(960);
    expect(inZone(add(ny, local("2024-11-01T16:00", ny.timeZone), 120), ny.timeZone)).toBe("2024-11-04T10:00:00-05:00");
    const sh: Calendar = { timeZone: "Asia/Shanghai", weekly: weekdays("09:00", "18:00"), holidays: [] };
    expect(between(sh, local("2024-01-01T00:00", sh.timeZone), local("2025-01-01T00:00", sh.timeZone))).toBe(262 * 540);
  });

  it("handles a long span quickly by whole weeks", () => {
    const cal: Calendar = { timeZone: "America/New_York", weekly: weekdays("09:00", "17:00"), holidays: ["2025-07-04", "2025-12-25"] };
    const from = local("2025-01-06T09:00", cal.timeZone);
    const started = performance.now();
    const due = add(cal, from, 525_600);
    expect(between(cal, from, due)).toBe(525_600);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a 24/7 calendar is open at midnight; alwaysOpen ignores holidays", () => {
    const cal: Calendar = { timeZone: "Asia/Shanghai", weekly: [], holidays: ["2024-10-01"], alwaysOpen: true };
    expect(isOpen(cal, local("2024-10-01T00:00", cal.timeZone))).toBe(true);
    expect(add(cal, local("2024-09-30T23:30", cal.timeZone), 60).toISOString()).toBe(local("2024-10-01T00:30", cal.timeZone).toISOString());
  });

  it("never loops on a calendar without open time", () => {
    const never = { timeZone: "UTC", weekly: [{ day: 1 as const, start: "09:00", end: "09:00" }], holidays: [] };
    const at = new Date("2024-01-01T00:00:00Z");
    expect(() => add(never, at, 10)).toThrow(CalendarNeverOpenError);
    expect(nextOpening(never, at)).toBeNull();
    expect(between(never, at, new Date("2030-01-01T00:00:00Z"))).toBe(0);
    expect(isOpen(never, at)).toBe(false);
    expect(add(never, at, 0)).toEqual(at);
  });

  it("rejects bad input instead of guessing", () => {
    const at = new Date("2024-01-01T00:00:00Z");
    const cal: Calendar = { timeZone: "UTC", weekly: weekdays("09:00", "17:00"), holidays: [] };
    expect(() => add(cal, at, -1)).toThrow(RangeError);
    expect(() => add(cal, at, Number.NaN)).toThrow(RangeError);
    expect(() => isOpen({ ...cal, timeZone: "Mars/Olympus" }, at)).toThrow(/time zone/);
  });
});

describe("business hours: the calendar schema", () => {
  const ok = { timeZone: "Asia/Shanghai", weekly: [{ day: 1, start: "09:00", end: "18:00" }] };

  it("accepts a calendar, defaults holidays, allows 24:00 as an end", () => {
    expect(CalendarInput.parse(ok).holidays).toEqual([]);
    expect(CalendarInput.safeParse({ ...ok, weekly: [{ day: 6, start: "22:00", end: "24:00" }] }).success).toBe(true);
    expect(CalendarInput.safeParse({ timeZone: "UTC", weekly: [], alwaysOpen: true }).success).toBe(true);
  });

  it.each([
    ["an unknown zone", { ...ok, timeZone: "Asia/Beijing" }],
    ["an end before the start", { ...ok, weekly: [{ day: 1, start: "18:00", end: "09:00" }] }],
    ["an empty interval", { ...ok, weekly: [{ day: 1, start: "09:00", end: "09:00" }] }],
    ["24:00 as a start", { ...ok, weekly: [{ day: 1, start: "24:00", end: "24:00" }] }],
    ["a weekday 7", { ...ok, weekly: [{ day: 7, start: "09:00", end: "18:00" }] }],
    ["an impossible holiday", { ...ok, holidays: ["2023-02-29"] }],
    ["a holiday in another format", { ...ok, holidays: ["2024/10/01"] }],
    ["no hours and not always open", { ...ok, weekly: [] }],
    ["too many intervals", { ...ok, weekly: Array.from({ length: 51 }, () => ok.weekly[0]) }],
    ["too many holidays", { ...ok, holidays: Array.from({ length: 401 }, () => "2024-01-01") }],
  ])("rejects %s", (_name, input) => {
    expect(CalendarInput.safeParse(input).success).toBe(false);
  });
});
