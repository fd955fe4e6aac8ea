import { DateTime } from "luxon";

export * as EfficiencyMath from "./efficiency-math";

/**
 * The pure part of the work-efficiency report: days in a zone, periods, what a task or an activity adds to
 * the day counters, and the aggregation of day counters into rows, totals and a daily series.
 */
export const KINDS = ["call", "meeting", "visit", "email"] as const;
export type Kind = (typeof KINDS)[number];
export const NUMBER_FIELDS = [...KINDS, "stageChanges", "tasksDone", "tasksDue", "tasksOnTime", "tasksLate"] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** The day (YYYY-MM-DD) of an instant in a time zone: a call at 00:30 in Shanghai counts for that day there. */
export function dayOf(at: Date | string, timeZone: string): string {
  return DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: timeZone }).toISODate()!;
}

/** Days from `from` to `to` (YYYY-MM-DD), inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: "UTC" });
  const end = DateTime.fromISO(to, { zone: "UTC" });
  while (d <= end) {
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

/** Months (YYYY-MM) the days `from`..`to` fall in. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let m = DateTime.fromISO(from.slice(0, 7) + "-01", { zone: "UTC" });
  const end = to.slice(0, 7);
  while (m.toFormat("yyyy-MM") <= end) {
    out.push(m.toFormat("yyyy-MM"));
    m = m.plus({ months: 1 });
  }
  return out;
}

export type PeriodKind = "day" | "week" | "month" | "quarter";

/** The day, ISO week (Monday first), month or quarter holding `day`, as a from..to of days. */
export function periodOf(kind: PeriodKind, day: string): { from: string; to: string } {
  const d = DateTime.fromISO(day, { zone: "UTC" });
  const unit = kind === "week" ? "week" : kind;
  return { from: d.startOf(unit).toISODate()!, to: d.endOf(unit).toISODate()! };
}

/**
 * The p-th percentile (0..1) of values, interpolated linearly between the closest ranks (the usual
 * definition of spreadsheets: the median of 1, 2, 3, 4 is 2.5). Null when there is nothing.
 */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Median and p90 of first-response minutes, rounded to a tenth of a minute. */
export function responseStats(values: number[]) {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return { count: values.length, medianMinutes: r(percentile(values, 0.5)), p90Minutes: r(percentile(values, 0.9)) };
}

/**
 * A ticket's first response in minutes: the SLA's first-response clock (business time, pauses left out)
 * when one ran, else the wall-clock time from the ticket's creation to the first reply. Null before it.
 */
export function firstResponseMinutes(ticket: {
  createdAt: string;
  firstAgentReplyAt?: string | null;
  sla?: { clocks?: Array<{ metric?: unknown; completedAt?: unknown; elapsedMinutes?: unknown }> } | null;
}): number | null {
  if (!ticket.firstAgentReplyAt) return null;
  const clock = ticket.sla?.clocks?.find((c) => c.metric === "firstResponse" && c.completedAt);
  if (clock && typeof clock.elapsedMinutes === "number") return clock.elapsedMinutes;
  return Math.max(0, (Date.parse(ticket.firstAgentReplyAt) - Date.parse(ticket.createdAt)) / 60_000);
}

/** An addition to one member's day counters. */
export interface Change {
  userId: string;
  day: string;
  add: Partial<Record<NumberField, number>>;
}

/** A task as the counters see it. */
export interface TaskFacts {
  userId: string;
  dueAt: string;
  status: "open" | "done";
  completedAt?: string | null;
}

/** An activity as the counters see it. */
export interface ActivityFacts {
  userId: string;
  at: string;
  kind: Kind;
}

/**
 * What a task in this state adds: one due on its due day (and on time or late once done), and one done on
 * the day it was completed. A task's counts follow its state, so moving or reopening it moves them.
 */
export function taskContributions(t: TaskFacts, timeZone: string): Change[] {
  const due: Change = { userId: t.userId, day: dayOf(t.dueAt, timeZone), add: { tasksDue: 1 } };
  if (t.status !== "done" || !t.completedAt) return [due];
  due.add[t.completedAt <= t.dueAt ? "tasksOnTime" : "tasksLate"] = 1;
  return [due, { userId: t.userId, day: dayOf(t.completedAt, timeZone), add: { tasksDone: 1 } }];
}

export function activityContributions(a: ActivityFacts, timeZone: string): Change[] {
  return [{ userId: a.userId, day: dayOf(a.at, timeZone), add: { [a.kind]: 1 } }];
}

/**
 * `after`'s contributions minus `before`'s, merged per member and day (a transaction may touch an item
 * once), without zeros.
 */
export function diff(before: Change[], after: Change[]): Change[] {
  const merged = new Map<string, Change>();
  const put = (c: Change, sign: number) => {
    const key = `${c.userId}|${c.day}`;
    const into = merged.get(key) ?? merged.set(key, { userId: c.userId, day: c.day, add: {} }).get(key)!;
    for (const [f, v] of Object.entries(c.add) as Array<[NumberField, number]>) into.add[f] = (into.add[f] ?? 0) + sign * v;
  };
  for (const c of before) put(c, -1);
  for (const c of after) put(c, 1);
  const out: Change[] = [];
  for (const c of merged.values()) {
    const add = Object.fromEntries(Object.entries(c.add).filter(([, v]) => v !== 0));
    if (Object.keys(add).length) out.push({ ...c, add });
  }
  return out;
}

/** One member's counters of one day, as stored. */
export interface DayItem extends Partial<Record<NumberField, number>> {
  userId: string;
  day: string;
  dealsTouched?: string[];
  dealsMoved?: string[];
  ticketsHandled?: string[];
  frMinutes?: number[];
}

export interface Figures {
  activities: Record<Kind | "total", number>;
  dealsTouched: number;
  dealsMoved: number;
  stageChanges: number;
  ticketsHandled: number;
  firstResponse: { count: number; medianMinutes: number | null; p90Minutes: number | null };
  tasksDone: number;
  tasksOverdue: number;
}

interface Acc {
  n: Record<NumberField, number>;
  overdue: number;
  touched: Set<string>;
  moved: Set<string>;
  handled: Set<string>;
  fr: number[];
}

const newAcc = (): Acc => ({ n: Object.fromEntries(NUMBER_FIELDS.map((f) => [f, 0])) as Record<NumberField, number>, overdue: 0, touched: new Set(), moved: new Set(), handled: new Set(), fr: [] });

/**
 * Tasks overdue of a day's item: on a day that is over, the tasks due that day not done by their due time
 * (still open, or done late); on today and later days only those already done late, because an open task
 * due later today is not overdue yet and the counters do not know the hour.
 */
export function overdueOf(item: DayItem, today: string): number {
  if (item.day < today) return Math.max(0, (item.tasksDue ?? 0) - (item.tasksOnTime ?? 0));
  return Math.max(0, item.tasksLate ?? 0);
}

function addInto(acc: Acc, item: DayItem, today: string) {
  for (const f of NUMBER_FIELDS) acc.n[f] += item[f] ?? 0;
  acc.overdue += overdueOf(item, today);
  for (const id of item.dealsTouched ?? []) acc.touched.add(id);
  for (const id of item.dealsMoved ?? []) acc.moved.add(id);
  for (const id of item.ticketsHandled ?? []) acc.handled.add(id);
  acc.fr.push(...(item.frMinutes ?? []));
}

function figures(acc: Acc): Figures {
  const activities = { call: acc.n.call, meeting: acc.n.meeting, visit: acc.n.visit, email: acc.n.email, total: KINDS.reduce((s, k) => s + acc.n[k], 0) };
  return {
    activities, dealsTouched: acc.touched.size, dealsMoved: acc.moved.size, stageChanges: acc.n.stageChanges, ticketsHandled: acc.handled.size,
    firstResponse: responseStats(acc.fr), tasksDone: acc.n.tasksDone, tasksOverdue: acc.overdue,
  };
}

/**
 * Rows per member (every member asked for, also those without any counter), the totals of them all, and
 * one point per day of the period. Deals and tickets are distinct within a member's period; the totals
 * count a deal two members touched once, as the team touched it once.
 */
export function aggregate(items: DayItem[], input: { userIds: string[]; from: string; to: string; today: string }) {
  const users = new Map(input.userIds.map((u) => [u, newAcc()]));
  const days = new Map(daysBetween(input.from, input.to).map((d) => [d, newAcc()]));
  const total = newAcc();
  for (const item of items) {
    const u = users.get(item.userId);
    const d = days.get(item.day);
    if (!u || !d) continue;
    addInto(u, item, input.today);
    addInto(d, item, input.today);
    addInto(total, item, input.today);
  }
  return {
    rows: [...users.entries()].map(([userId, acc]) => ({ userId, ...figures(acc) })),
    totals: figures(total),
    series: [...days.entries()].map(([day, acc]) => ({ day, ...figures(acc) })),
  };
}
