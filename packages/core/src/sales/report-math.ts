import type { StageKind } from "./counters";

export * as ReportMath from "./report-math";

/**
 * The arithmetic of the sales report, on counter values only (never on deals): funnel conversion, win
 * rate, averages, pipeline value weighted by probability, outcomes by owner. Amounts are minor units;
 * results that are amounts are rounded to whole minor units.
 */
export const FIELDS = ["created", "createdAmount", "entered", "reached", "won", "wonAmount", "lost", "lostAmount", "cycleSeconds"] as const;
export type Field = (typeof FIELDS)[number];
export type Totals = Record<Field, number>;

export interface StageInfo {
  stageId: string;
  name: string;
  kind: StageKind;
  probability: number;
}

export const empty = (): Totals => Object.fromEntries(FIELDS.map((f) => [f, 0])) as Totals;

/** Adds up counter items (of any number of months) per dimension. Missing fields count as 0. */
export function sumByDimension(items: Array<{ dimension: string } & Partial<Record<Field, number | undefined>>>): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const item of items) {
    const t = out.get(item.dimension) ?? out.set(item.dimension, empty()).get(item.dimension)!;
    for (const f of FIELDS) t[f] += item[f] ?? 0;
  }
  return out;
}

/** `n / d`, or null when there is nothing to divide by. */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export function winRate(won: number, lost: number): number | null {
  return ratio(won, won + lost);
}

export function averageDealSize(wonAmount: number, won: number): number | null {
  return won > 0 ? Math.round(wonAmount / won) : null;
}

/** Average days from creation to won, to a tenth of a day. */
export function averageCycleDays(cycleSeconds: number, won: number): number | null {
  return won > 0 ? Math.round((cycleSeconds / won / 86400) * 10) / 10 : null;
}

export function weighted(amount: number, probability: number): number {
  return Math.round((amount * probability) / 100);
}

/**
 * The funnel over the stages that are not lost, in order: deals that entered each stage, deals that reached
 * it (or a later one) for the first time, and the conversion from the previous stage (reached ÷ reached).
 */
export function funnel(stages: StageInfo[], totals: (stageId: string) => Totals | undefined) {
  const rows = stages.filter((s) => s.kind !== "lost").map((s) => ({ stageId: s.stageId, name: s.name, kind: s.kind, entered: totals(s.stageId)?.entered ?? 0, reached: totals(s.stageId)?.reached ?? 0 }));
  return rows.map((r, i) => ({ ...r, conversion: i === 0 ? null : ratio(r.reached, rows[i - 1].reached) }));
}

/** Current value per stage from the board counters, weighted by each stage's probability, and the open total. */
export function pipelineValue(stages: StageInfo[], counters: (stageId: string) => { count: number; amount: number } | undefined) {
  const rows = stages.map((s) => {
    const c = counters(s.stageId) ?? { count: 0, amount: 0 };
    return { stageId: s.stageId, name: s.name, kind: s.kind, probability: s.probability, count: c.count, amount: c.amount, weighted: weighted(c.amount, s.probability) };
  });
  const open = rows.filter((r) => r.kind === "open");
  return {
    stages: rows,
    open: { count: sum(open.map((r) => r.count)), amount: sum(open.map((r) => r.amount)), weighted: sum(open.map((r) => r.weighted)) },
  };
}

/** Won and lost per owner, most won amount first. */
export function byOwner(dims: Map<string, Totals>, names: (ownerId: string) => string | undefined) {
  return [...dims.entries()]
    .filter(([d]) => d.startsWith("owner#"))
    .map(([d, t]) => {
      const ownerId = d.slice("owner#".length);
      return { ownerId, name: names(ownerId) ?? ownerId, won: t.won, wonAmount: t.wonAmount, lost: t.lost, winRate: winRate(t.won, t.lost) };
    })
    .filter((r) => r.won || r.lost)
    .sort((a, b) => b.wonAmount - a.wonAmount || a.name.localeCompare(b.name));
}

/**
 * Leads, created, won and lost per source, most won amount first (`source: null` for none). `leads` are the
 * new leads per source (keyed by source, `""` for none); `wonPerLead` is the won amount per lead.
 */
export function bySource(dims: Map<string, Totals>, leads: Map<string, number> = new Map()) {
  const sources = new Set([...[...dims.keys()].filter((d) => d.startsWith("source#")).map((d) => d.slice("source#".length)), ...leads.keys()]);
  return [...sources]
    .map((source) => {
      const t = dims.get(`source#${source}`) ?? empty();
      const l = leads.get(source) ?? 0;
      return { source: source || null, leads: l, created: t.created, createdAmount: t.createdAmount, won: t.won, wonAmount: t.wonAmount, lost: t.lost, winRate: winRate(t.won, t.lost), wonPerLead: l > 0 ? Math.round(t.wonAmount / l) : null };
    })
    .filter((r) => r.leads || r.created || r.won || r.lost)
    .sort((a, b) => b.wonAmount - a.wonAmount || b.created - a.created || b.leads - a.leads || (a.source ?? "").localeCompare(b.source ?? ""));
}

/** Adds up counts per key (leads per source over several months). */
export function sumCounts(entries: Array<[string, number]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of entries) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** One figure this period against the period before: the difference and the relative change (null from 0). */
export function change(current: number | null, previous: number | null) {
  const diff = current !== null && previous !== null ? current - previous : null;
  return { current, previous, change: diff, changeRatio: diff !== null && previous ? diff / Math.abs(previous) : null };
}

export const COMPARED = ["leads", "created", "createdAmount", "won", "wonAmount", "lost", "winRate", "averageDealSize", "averageCycleDays"] as const;

/** Period-over-period comparison of the headline figures. */
export function comparison(current: Record<(typeof COMPARED)[number], number | null>, previous: Record<(typeof COMPARED)[number], number | null>) {
  return COMPARED.map((metric) => ({ metric, ...change(current[metric], previous[metric]) }));
}

/** Minor units to the currency's major unit (12345 fen → 123.45 CNY; yen have no minor unit). */
export function toMajor(minor: number, currency: string): number {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code keeps two digits.
  }
  return Number((minor / 10 ** digits).toFixed(digits));
}

/** The owner rows added up per team of their owner (a member of two teams counts in both). */
export function byTeam(owners: ReturnType<typeof byOwner>, teamsOf: (ownerId: string) => string[], teamName: (teamId: string) => string | undefined) {
  const teams = new Map<string, { teamId: string; name: string; won: number; wonAmount: number; lost: number }>();
  for (const o of owners) {
    for (const teamId of teamsOf(o.ownerId)) {
      const t = teams.get(teamId) ?? teams.set(teamId, { teamId, name: teamName(teamId) ?? teamId, won: 0, wonAmount: 0, lost: 0 }).get(teamId)!;
      t.won += o.won;
      t.wonAmount += o.wonAmount;
      t.lost += o.lost;
    }
  }
  return [...teams.values()].map((t) => ({ ...t, winRate: winRate(t.won, t.lost) })).sort((a, b) => b.wonAmount - a.wonAmount || a.name.localeCompare(b.name));
}

/** The period of the same number of months just before `from`..`to`, for period-over-period figures. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const n = monthsBetween(from, to).length;
  const shift = (month: string, by: number) => {
    const [y, m] = month.split("-").map(Number);
    const i = y * 12 + (m - 1) + by;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
  };
  return { from: shift(from, -n), to: shift(from, -1) };
}

/** The headline figures of a period from its `all` totals. */
export function summary(t: Totals) {
  return {
    created: t.created,
    createdAmount: t.createdAmount,
    won: t.won,
    wonAmount: t.wonAmount,
    lost: t.lost,
    lostAmount: t.lostAmount,
    winRate: winRate(t.won, t.lost),
    averageDealSize: averageDealSize(t.wonAmount, t.won),
    averageCycleDays: averageCycleDays(t.cycleSeconds, t.won),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Months from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The month (YYYY-MM) of an instant in a time zone: a deal won at 00:30 on 1 June in Shanghai counts for June. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}`;
}
