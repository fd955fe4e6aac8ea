import { IANAZone } from "luxon";
import { z } from "zod";
import { DomainError, ValidationError } from "../errors";

export * as BusinessHours from "./business-hours";

/*
 * How the arithmetic works. A calendar is a weekly pattern of wall-clock hours plus holidays, so in
 * "local wall-clock time" (the zone's clock reading, counted as if it were UTC) the open set is plain
 * arithmetic: it repeats every week except on holidays. Real instants map to wall-clock time by adding
 * the zone's offset, which only changes at DST transitions; between two transitions the mapping is a
 * shift. So every function walks the timeline in segments of constant offset and does week arithmetic
 * inside each one. The rule this gives is "open while the shop's clock reads an open hour": on a
 * spring-forward day the skipped hour is never open; on a fall-back day an open repeated hour counts
 * twice, because it is lived twice.
 */

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const WEEK = 7 * DAY;
/** Far beyond any SLA target; keeps a mistaken huge input from walking the timeline for centuries. */
const MAX_MINUTES = 10 * 366 * 1440;
const MAX_TIME = 8.64e15 - 366 * DAY;

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/** 0 = Sunday … 6 = Saturday, as in `Date.getDay()`. */
export const Weekday = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]);

/**
 * Opening hours on one weekday, in the calendar's zone. An interval never crosses midnight: an overnight
 * shift is two intervals, e.g. Monday 22:00–24:00 and Tuesday 00:00–06:00; they join into one open stretch.
 */
export const IntervalInput = z
  .object({
    day: Weekday,
    start: z.string().regex(START, "Use HH:MM, 00:00 to 23:59."),
    end: z.string().regex(END, "Use HH:MM, 00:01 to 24:00."),
  })
  .refine((i) => clockMinutes(i.start) < clockMinutes(i.end), {
    message: "The end must be after the start; split an overnight shift at midnight.",
    path: ["end"],
  });

/**
 * A business-hours calendar. `holidays` are local dates (YYYY-MM-DD) on which the weekly hours of that
 * date do not apply. `alwaysOpen` makes it a 24/7 calendar: open at every instant, weekly hours and
 * holidays ignored (a 24/7 desk that closes on holidays is seven 00:00–24:00 intervals plus holidays).
 */
export const CalendarInput = z
  .object({
    timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), "Unknown IANA time zone."),
    weekly: z.array(IntervalInput).max(50),
    holidays: z.array(z.iso.date("Use YYYY-MM-DD.")).max(400).default([]),
    alwaysOpen: z.boolean().optional(),
  })
  .refine((c) => c.alwaysOpen === true || c.weekly.length > 0, {
    message: "Give opening hours, or make the calendar always open.",
    path: ["weekly"],
  });
export type Calendar = z.output<typeof CalendarInput>;
export type CalendarInput = z.input<typeof CalendarInput>;

/** A calendar with no open time at all: no due time can ever be reached in it. */
export class CalendarNeverOpenError extends DomainError {
  constructor() {
    super("business_hours.never_open", "The calendar has no opening hours.", 400);
  }
}

type Range = [number, number];

interface Compiled {
  always: boolean;
  zone: IANAZone;
  /** Open ranges in ms from Sunday 00:00, each inside one day, sorted and merged. */
  pieces: Range[];
  /** The same per weekday, in ms from that day's midnight: what a holiday takes away. */
  byDay: Range[][];
  weeklyOpen: number;
  /** Local day numbers (days since 1970-01-01 on the wall clock), sorted. */
  holidays: number[];
  holidaySet: Set<number>;
}

function compile(cal: Calendar): Compiled {
  const zone = IANAZone.create(cal.timeZone);
  // An unknown zone would give NaN offsets and loops that never end; fail loudly instead.
  if (!zone.isValid) throw new ValidationError("Unknown IANA time zone.", { timeZone: "Unknown IANA time zone." });
  const byDay: Range[][] = [[], [], [], [], [], [], []];
  for (const i of cal.alwaysOpen ? [] : cal.weekly) {
    const s = clockMinutes(i.start) * MINUTE;
    const e = clockMinutes(i.end) * MINUTE;
    if (s < e && s >= 0 && e <= DAY && byDay[i.day]) byDay[i.day].push([s, e]);
  }
  for (let d = 0; d < 7; d++) byDay[d] = merge(byDay[d]);
  const pieces = byDay.flatMap((ranges, d) => ranges.map(([s, e]): Range => [d * DAY + s, d * DAY + e]));
  const holidays = [...new Set((cal.holidays ?? []).map(dayNumber).filter(Number.isFinite))].sort((a, b) => a - b);
  return {
    always: cal.alwaysOpen === true,
    zone,
    pieces,
    byDay,
    weeklyOpen: pieces.reduce((sum, [s, e]) => sum + e - s, 0),
    holidays,
    holidaySet: new Set(holidays),
  };
}

function merge(ranges: Range[]): Range[] {
  const out: Range[] = [];
  for (const r of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  return Math.floor(utc(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utc(year: number, month = 0, day = 1): number {
  return new Date(0).setUTCFullYear(year, month, day);
}

const mod = (a: number, n: number) => ((a % n) + n) % n;
const dayOf = (local: number) => Math.floor(local / DAY);
/** Sunday 00:00 at or before `local`; 1970-01-01 was a Thursday. */
const weekBase = (local: number) => (dayOf(local) - mod(dayOf(local) + 4, 7)) * DAY;

// ---- wall-clock time: pure arithmetic -------------------------------------------------------------

function isOpenLocal(c: Compiled, local: number): boolean {
  if (c.holidaySet.has(dayOf(local))) return false;
  const pos = local - weekBase(local);
  return c.pieces.some(([s, e]) => s <= pos && pos < e);
}

/** The open pieces clipped to [from, to), holidays left out, in order. */
function piecesIn(c: Compiled, from: number, to: number): Range[] {
  const out: Range[] = [];
  for (let base = weekBase(from); base < to; base += WEEK) {
    for (const [s0, e0] of c.pieces) {
      const s = base + s0;
      const e = base + e0;
      if (e <= from) continue;
      if (s >= to) break;
      if (c.holidaySet.has(dayOf(s))) continue;
      out.push([Math.max(s, from), Math.min(e, to)]);
    }
  }
  return out;
}

/** First holiday on or after local day `day`, or undefined. */
function holidayFrom(c: Compiled, day: number): number | undefined {
  let lo = 0;
  let hi = c.holidays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.holidays[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return c.holidays[lo];
}

/** Open ms in [from, to): whole weeks by multiplication, less what holidays inside them take away. */
function openLocal(c: Compiled, from: number, to: number): number {
  if (to <= from) return 0;
  const weeks = Math.floor((to - from) / WEEK);
  const mid = from + weeks * WEEK;
  let total = weeks * c.weeklyOpen;
  for (let h = holidayFrom(c, dayOf(from)); weeks > 0 && h !== undefined && h * DAY < mid; h = holidayFrom(c, h + 1)) {
    for (const [s0, e0] of c.byDay[mod(h + 4, 7)]) {
      total -= Math.max(0, Math.min(h * DAY + e0, mid) - Math.max(h * DAY + s0, from));
    }
  }
  for (const [s, e] of piecesIn(c, mid, to)) total += e - s;
  return total;
}

/** Walks `need` open ms forward from `from`, not past `limit`; returns where it got and what is left. */
function advanceLocal(c: Compiled, from: number, need: number, limit: number): { at: number; left: number } {
  let cur = from;
  while (cur < limit) {
    // Any one-week window without a holiday holds exactly `weeklyOpen`, whatever its alignment. Skip
    // strictly fewer weeks than needed so the result is the end of the last piece, not the next opening.
    if (need > c.weeklyOpen) {
      let k = Math.min(Math.floor((need - 1) / c.weeklyOpen), Math.floor((limit - cur) / WEEK));
      const h = holidayFrom(c, dayOf(cur));
      if (h !== undefined) k = Math.min(k, Math.max(0, Math.floor((h * DAY - cur) / WEEK)));
      cur += k * WEEK;
      need -= k * c.weeklyOpen;
    }
    const end = Math.min(cur + WEEK, limit);
    for (const [s, e] of piecesIn(c, cur, end)) {
      if (e - s >= need) return { at: s + need, left: 0 };
      need -= e - s;
    }
    cur = end;
  }
  return { at: limit, left: need };
}

// ---- real time: segments of constant offset -------------------------------------------------------

// Transitions per zone and UTC year. Finding them costs a few hundred offset look-ups, so they are
// remembered; the cache only holds facts about zones, so the functions stay pure.
const transitionCache = new Map<string, number[]>();

function transitions(zone: IANAZone, year: number): number[] {
  const key = `${zone.name}|${year}`;
  const hit = transitionCache.get(key);
  if (hit) return hit;
  const start = utc(year);
  const end = utc(year + 1);
  const found: number[] = [];
  // Daily probes: no zone has had two transitions within one day that cancel out.
  let prev = start;
  let prevOffset = zone.offset(start);
  while (prev < end) {
    const probe = Math.min(prev + DAY, end);
    const offset = zone.offset(probe);
    if (offset !== prevOffset) {
      let lo = prev;
      let hi = probe;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zone.offset(mid) === prevOffset) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    prev = probe;
    prevOffset = offset;
  }
  if (transitionCache.size > 10_000) transitionCache.clear();
  transitionCache.set(key, found);
  return found;
}

/** The offset (ms) at `t` and the end of the constant-offset stretch that holds it (at most a year on). */
function segment(zone: IANAZone, t: number): { offset: number; end: number } {
  if (!(Math.abs(t) < MAX_TIME)) throw new RangeError("The time is outside the supported range.");
  const year = new Date(t).getUTCFullYear();
  const end = transitions(zone, year).find((x) => x > t) ?? utc(year + 1);
  return { offset: Math.round(zone.offset(t) * MINUTE), end };
}

// ---- the API ---------------------------------------------------------------------------------------

/** Whether the calendar is open at `at`. A 24/7 calendar is open at every instant, midnight included. */
export function isOpen(cal: Calendar, at: Date): boolean {
  const c = compile(cal);
  if (c.always) return true;
  const t = at.getTime();
  return isOpenLocal(c, t + segment(c.zone, t).offset);
}

/**
 * The earliest instant at which `minutes` of open time have passed since `from`. Counting starts at the
 * next opening when `from` is closed; when the time runs out exactly at a closing, the closing is the
 * answer. Throws `CalendarNeverOpenError` for a calendar without any open hours.
 */
export function addBusinessMinutes(cal: Calendar, from: Date, minutes: number): Date {
  if (!(minutes >= 0 && minutes <= MAX_MINUTES)) throw new RangeError(`minutes must be between 0 and ${MAX_MINUTES}.`);
  const c = compile(cal);
  let need = Math.round(minutes * MINUTE);
  let t = from.getTime();
  if (need === 0) return new Date(t);
  if (c.always) return new Date(t + need);
  if (c.weeklyOpen === 0) throw new CalendarNeverOpenError();
  for (;;) {
    const { offset, end } = segment(c.zone, t);
    const r = advanceLocal(c, t + offset, need, end + offset);
    if (r.left === 0) return new Date(r.at - offset);
    need = r.left;
    t = end;
  }
}

/**
 * Open minutes between two instants (fractional when they are not on whole minutes). Negative when
 * `to` is before `from`, so that between(a, b) + between(b, c) = between(a, c) always holds.
 */
export function businessMinutesBetween(cal: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return 0 - businessMinutesBetween(cal, to, from);
  const c = compile(cal);
  if (c.always) return (b - a) / MINUTE;
  let total = 0;
  for (let t = a; t < b; ) {
    const { offset, end } = segment(c.zone, t);
    const stop = Math.min(end, b);
    total += openLocal(c, t + offset, stop + offset);
    t = stop;
  }
  return total / MINUTE;
}

/** `at` itself when the calendar is open then, else the next instant it opens; null if it never does. */
export function nextOpening(cal: Calendar, at: Date): Date | null {
  const c = compile(cal);
  if (c.always) return new Date(at.getTime());
  if (c.weeklyOpen === 0) return null;
  // Holidays are finite, so a calendar with weekly hours always opens again; this ends.
  for (let t = at.getTime(); ; ) {
    const { offset, end } = segment(c.zone, t);
    for (let cur = t + offset; cur < end + offset; cur = Math.min(cur + WEEK, end + offset)) {
      const [first] = piecesIn(c, cur, Math.min(cur + WEEK, end + offset));
      if (first) return new Date(first[0] - offset);
    }
    t = end;
  }
}
