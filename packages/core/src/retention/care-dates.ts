export * as CareDates from "./care-dates";

/**
 * When a care message falls due: pure functions of the campaign's trigger, the contact's dates, the
 * tenant's time zone and send hour, and `now`. Dates are civil dates `YYYY-MM-DD` in the tenant's zone;
 * instants are UTC ISO strings.
 *
 * Rules (the tests generate cases for each):
 * - A birthday or anniversary on 29 February falls on 28 February in common years (it stays in its
 *   month, as most calendars and peer CRMs show it; 1 March would move it into the next month).
 * - The send moment is the send hour on the occurrence's day in the tenant's zone. When that hour does
 *   not exist (a DST spring-forward gap) it is the first instant after the gap; when it exists twice (fall
 *   back) it is the first of the two.
 * - An occurrence whose day is today in the tenant's zone but whose hour has passed is still due (the next
 *   sweep sends it), so a contact added at 15:00 on their birthday still gets the 09:00 greeting that day.
 *   Days before today are missed, never sent late.
 * - `after` (the last occurrence sent) makes the next one strictly later, so a sent occurrence is never
 *   planned again.
 */

export type Trigger =
  | { kind: "birthday" }
  | { kind: "anniversary"; field: string }
  | { kind: "deal_won"; days: number }
  | { kind: "before_date"; field: string; days: number }
  | { kind: "inactivity"; days: number }
  | { kind: "contract_end"; days: number };

/** What the rule needs to know about one contact (absent = the trigger does not apply). */
export interface Facts {
  /** `MM-DD` or `YYYY-MM-DD`. */
  birthday?: string | null;
  /** For anniversary and before_date: the field's value, `YYYY-MM-DD` or an ISO instant. */
  date?: string | null;
  /** For deal_won: when the deal was won (ISO instant). */
  wonAt?: string | null;
  /** For inactivity: the last activity (ISO instant). */
  lastActivityAt?: string | null;
  /** For contract_end: the end dates (`YYYY-MM-DD`) of the contact's active contracts. */
  contractEnds?: string[] | null;
}

export interface Occurrence {
  /** The occurrence's civil day in the tenant's zone; with the campaign and contact it names the send. */
  occurrence: string;
  /** When the sweep may send it (UTC ISO). */
  dueAt: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function pad(n: number, w = 2) {
  return String(n).padStart(w, "0");
}

export function formatDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** `YYYY-MM-DD` → parts, or undefined when it is no real day. */
export function parseDate(s: string): { y: number; m: number; d: number } | undefined {
  const x = DATE.exec(s);
  if (!x) return undefined;
  const [y, m, d] = [Number(x[1]), Number(x[2]), Number(x[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

/** A birthday as month and day (year when given); 02-29 is a valid birthday without a year. */
export function parseBirthday(s: string): { y?: number; m: number; d: number } | undefined {
  const full = parseDate(s);
  if (full) return full;
  const x = MONTH_DAY.exec(s);
  if (!x) return undefined;
  const [m, d] = [Number(x[1]), Number(x[2])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(2000, m)) return undefined;
  return { m, d };
}

export function isBirthday(s: string): boolean {
  return parseBirthday(s) !== undefined;
}

export function addDays(date: string, days: number): string {
  const p = parseDate(date)!;
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d) + days * 86_400_000);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The day a yearly date (month, day) falls on in `year`: 29 February → 28 February in common years. */
export function yearly(m: number, d: number, year: number): string {
  return formatDate(year, m, m === 2 && d === 29 && !isLeap(year) ? 28 : d);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string) {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formats.set(tz, f);
  }
  return f;
}

/** The wall clock in `tz` at `instant`. */
export function wallClock(instant: Date, tz: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour % 24, min: parts.minute, s: parts.second };
}

/** The civil day in `tz` at `instant`. */
export function localDate(instant: Date, tz: string): string {
  const w = wallClock(instant, tz);
  return formatDate(w.y, w.m, w.d);
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
export function offsetMs(instant: number, tz: string): number {
  const w = wallClock(new Date(instant), tz);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the wall clock in `tz` shows `hour`:00 on `date`. In a spring-forward gap, the first instant
 * after the gap; on a fall-back hour, the first of the two.
 */
export function zonedInstant(date: string, hour: number, tz: string): Date {
  const p = parseDate(date)!;
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, hour);
  // The offset can differ by up to a day's worth around the moment: try the offsets on both sides.
  const candidates = [...new Set([offsetMs(asUtc - 86_400_000, tz), offsetMs(asUtc, tz), offsetMs(asUtc + 86_400_000, tz)])]
    .map((o) => asUtc - o)
    .sort((a, b) => a - b);
  const matches = candidates.filter((t) => {
    const w = wallClock(new Date(t), tz);
    return formatDate(w.y, w.m, w.d) === date && w.h === hour && w.min === 0;
  });
  if (matches.length) return new Date(matches[0]);
  // A gap: the wall clock jumps over `hour`. The first instant after it is where the offset changes.
  let lo = candidates[0];
  let hi = candidates[candidates.length - 1];
  const before = (t: number) => Date.UTC(...civil(wallClock(new Date(t), tz))) < asUtc;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (before(mid)) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

function civil(w: ReturnType<typeof wallClock>): [number, number, number, number, number, number] {
  return [w.y, w.m - 1, w.d, w.h, w.min, w.s];
}

/** A date field's civil day: a `YYYY-MM-DD` as is, an ISO instant in the tenant's zone. */
export function dayOf(value: string | null | undefined, tz: string): string | undefined {
  if (!value) return undefined;
  if (parseDate(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value) ? undefined : localDate(new Date(t), tz);
}

export interface Context {
  now: Date;
  timeZone: string;
  /** 0–23, in the tenant's zone. */
  sendHour: number;
  /** The last occurrence sent for this campaign and contact: the next must be later. */
  after?: string | null;
}

/** The next occurrence of `trigger` for a contact with `facts`, or null when none is ahead. */
export function next(trigger: Trigger, facts: Facts, ctx: Context): Occurrence | null {
  const today = localDate(ctx.now, ctx.timeZone);
  const floor = ctx.after && ctx.after >= today ? addDays(ctx.after, 1) : today;
  const at = (occurrence: string): Occurrence => {
    const due = zonedInstant(occurrence, ctx.sendHour, ctx.timeZone);
    // Today's occurrence after its hour goes out with the next sweep.
    return { occurrence, dueAt: (due < ctx.now ? ctx.now : due).toISOString() };
  };
  const once = (day: string | undefined) => (day && day >= floor ? at(day) : null);
  switch (trigger.kind) {
    case "birthday":
    case "anniversary": {
      const origin = trigger.kind === "birthday" ? (facts.birthday ? parseBirthday(facts.birthday) : undefined) : parseDate(dayOf(facts.date, ctx.timeZone) ?? "");
      if (!origin) return null;
      const start = parseDate(floor)!.y;
      for (let y = start; y <= start + 1; y++) {
        // The day itself is no anniversary; a birth year in the future has no birthday yet.
        if (origin.y !== undefined && y <= origin.y) continue;
        const day = yearly(origin.m, origin.d, y);
        if (day >= floor) return at(day);
      }
      return origin.y !== undefined && origin.y >= start ? at(yearly(origin.m, origin.d, origin.y + 1)) : null;
    }
    case "deal_won": {
      const won = dayOf(facts.wonAt, ctx.timeZone);
      return once(won && addDays(won, trigger.days));
    }
    case "before_date": {
      const day = dayOf(facts.date, ctx.timeZone);
      return once(day && addDays(day, -trigger.days));
    }
    case "inactivity": {
      const last = dayOf(facts.lastActivityAt, ctx.timeZone);
      return once(last && addDays(last, trigger.days));
    }
    case "contract_end": {
      // The earliest contract whose reminder day is still ahead (and after the last one sent) comes next.
      const days = [...new Set((facts.contractEnds ?? []).filter((d) => parseDate(d)).map((d) => addDays(d, -trigger.days)))].sort();
      for (const day of days) {
        const hit = once(day);
        if (hit) return hit;
      }
      return null;
    }
  }
}
