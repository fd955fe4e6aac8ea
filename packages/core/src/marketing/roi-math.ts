export * as RoiMath from "./roi-math";

/**
 * The arithmetic of the campaign ROI report, as pure functions of plain data: what a lead, a deal or a
 * cost line adds to the monthly counters, how a change moves them, and the figures a report shows.
 */

/**
 * `wonUnconverted`: won deals in a currency without an exchange rate (counted in `won`, not in `wonAmount`).
 * It is worked out when a report is read, with the rates of that moment; the counters never hold it.
 */
export const MEASURES = ["cost", "leads", "qualified", "deals", "won", "wonAmount", "wonUnconverted"] as const;
export type Measure = (typeof MEASURES)[number];
export type Counts = Record<Measure, number>;
/** What the counters hold. */
export type Stored = Exclude<Measure, "wonUnconverted">;

/** `-` stands for "no campaign" and "no source" in counter keys. */
export const NONE = "-";

/** One addition to the counter item of a month, campaign, source and currency. */
export interface Contribution {
  month: string;
  campaignKey: string;
  sourceKey: string;
  /** The currency of a won amount; NONE (or absent, as counted before currencies were kept) otherwise. */
  currency?: string;
  add: Partial<Record<Stored, number>>;
}

/** Sources are free text: counted case-insensitively, trimmed. */
export function sourceKey(source: string | null | undefined): string {
  const s = (source ?? "").trim().toLowerCase();
  return s || NONE;
}
export const campaignKey = (campaignId: string | null | undefined) => campaignId || NONE;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The month (YYYY-MM) of an instant in a time zone. */
export function monthOf(at: string | Date, timeZone: string): string {
  // Building a formatter costs far more than using one: keep one per zone.
  const format = formats.get(timeZone) ?? formats.set(timeZone, new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit" })).get(timeZone)!;
  const parts = format.formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}`;
}

export interface LeadFacts {
  campaignId?: string | null;
  source?: string | null;
  status: string;
  createdAt: string;
  convertedAt?: string | null;
}

/**
 * A lead counts in the month it came in; it counts as qualified in the month it was converted (leads have
 * no separate "qualified" status: converting is what qualifies one).
 */
export function leadContributions(l: LeadFacts, timeZone: string): Contribution[] {
  const base = { campaignKey: campaignKey(l.campaignId), sourceKey: sourceKey(l.source) };
  const out: Contribution[] = [{ ...base, month: monthOf(l.createdAt, timeZone), add: { leads: 1 } }];
  if (l.status === "converted") out.push({ ...base, month: monthOf(l.convertedAt ?? l.createdAt, timeZone), add: { qualified: 1 } });
  return out;
}

export interface DealFacts {
  campaignId?: string | null;
  source?: string | null;
  status: "open" | "won" | "lost";
  amount?: number | null;
  /** The deal's (its pipeline's) currency; the workspace's when absent. */
  currency?: string | null;
  createdAt: string;
  closedAt?: string | null;
}

/** The workspace's currency and its exchange rates: units of it for one unit of another currency. */
export interface Money {
  currency: string;
  rates: Record<string, number>;
}

const digitCache = new Map<string, number>();
/** Digits of a currency's minor unit (2 for CNY and USD, 0 for JPY); 2 for an unknown code. */
export function minorDigits(currency: string): number {
  let d = digitCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitCache.set(currency, d);
  }
  return d;
}

/** An amount in minor units of `from` as minor units of the workspace's currency; null without a rate. */
export function convert(minor: number, from: string, money: Money): number | null {
  if (from === money.currency) return minor;
  const rate = money.rates[from];
  if (!(rate > 0)) return null;
  return Math.round((minor / 10 ** minorDigits(from)) * rate * 10 ** minorDigits(money.currency));
}

/**
 * A deal counts in the month it was opened; a won one also in the month it was won, with its amount in its
 * own currency. Reports convert it with the workspace's rates when they are read (see `aggregate`), so a rate
 * set or changed later applies to every deal already won.
 */
export function dealContributions(d: DealFacts, timeZone: string): Contribution[] {
  const base = { campaignKey: campaignKey(d.campaignId), sourceKey: sourceKey(d.source) };
  const out: Contribution[] = [{ ...base, month: monthOf(d.createdAt, timeZone), add: { deals: 1 } }];
  if (d.status === "won") {
    out.push({ ...base, currency: d.currency || NONE, month: monthOf(d.closedAt ?? d.createdAt, timeZone), add: { won: 1, wonAmount: d.amount ?? 0 } });
  }
  return out;
}

export interface CostFacts {
  campaignId: string;
  /** A cost has no lead source: it counts under its campaign's channel as the source. */
  channel: string;
  /** YYYY-MM-DD. */
  date: string;
  amount: number;
}

export function costContributions(c: CostFacts): Contribution[] {
  return [{ month: c.date.slice(0, 7), campaignKey: campaignKey(c.campaignId), sourceKey: sourceKey(c.channel), add: { cost: c.amount } }];
}

const itemKey = (c: Pick<Contribution, "month" | "campaignKey" | "sourceKey" | "currency">) => `${c.month}|${c.campaignKey}|${c.sourceKey}|${c.currency || NONE}`;

/**
 * The additions that move the counters from `before` to `after` (a record's contributions as counted and
 * as they are now), merged per counter item (a transaction may touch an item once) and without zeros.
 */
export function diff(before: Contribution[], after: Contribution[]): Contribution[] {
  const merged = new Map<string, Contribution>();
  const put = (c: Contribution, sign: number) => {
    const k = itemKey(c);
    const into = merged.get(k) ?? merged.set(k, { month: c.month, campaignKey: c.campaignKey, sourceKey: c.sourceKey, currency: c.currency || NONE, add: {} }).get(k)!;
    for (const [m, v] of Object.entries(c.add) as Array<[Stored, number]>) into.add[m] = (into.add[m] ?? 0) + sign * v;
  };
  for (const c of before) put(c, -1);
  for (const c of after) put(c, 1);
  const out: Contribution[] = [];
  for (const c of merged.values()) {
    const add = Object.fromEntries(Object.entries(c.add).filter(([, v]) => v !== 0)) as Contribution["add"];
    if (Object.keys(add).length) out.push({ ...c, add });
  }
  return out;
}

export const zero = (): Counts => ({ cost: 0, leads: 0, qualified: 0, deals: 0, won: 0, wonAmount: 0, wonUnconverted: 0 });

export interface Figures extends Counts {
  /** Cost divided by leads, in minor units (rounded); null without leads or without cost. */
  costPerLead: number | null;
  /** (won amount − cost) / cost; null without cost. */
  roi: number | null;
}

/** The derived figures of a set of counts. */
export function figures(c: Counts): Figures {
  return {
    ...c,
    costPerLead: c.leads > 0 && c.cost > 0 ? Math.round(c.cost / c.leads) : null,
    roi: c.cost > 0 ? (c.wonAmount - c.cost) / c.cost : null,
  };
}

export type GroupBy = "campaign" | "source" | "month";

/** A counter item as read. */
export interface Stat extends Partial<Record<Stored, number>> {
  month: string;
  campaignKey: string;
  sourceKey: string;
  /** The currency of `wonAmount`; NONE or absent is the workspace's. */
  currency?: string;
}

/** A counter item's counts in the workspace's currency: its won amount converted, or counted as unconverted. */
function inWorkspaceCurrency(s: Stat, money?: Money): Counts {
  const c: Counts = { cost: s.cost ?? 0, leads: s.leads ?? 0, qualified: s.qualified ?? 0, deals: s.deals ?? 0, won: s.won ?? 0, wonAmount: s.wonAmount ?? 0, wonUnconverted: 0 };
  if (!money || !s.currency || s.currency === NONE) return c;
  const converted = convert(c.wonAmount, s.currency, money);
  return converted === null ? { ...c, wonAmount: 0, wonUnconverted: c.won } : { ...c, wonAmount: converted };
}

/**
 * Sums counter items per group (campaign, source or month), sorted by key, and their total. Won amounts in
 * other currencies are converted with `money`'s rates; without a rate their deals count as won and unconverted.
 */
export function aggregate(stats: Stat[], groupBy: GroupBy, money?: Money): { groups: Array<{ key: string; counts: Counts }>; total: Counts } {
  const groups = new Map<string, Counts>();
  const total = zero();
  for (const s of stats) {
    const key = groupBy === "campaign" ? s.campaignKey : groupBy === "source" ? s.sourceKey : s.month;
    const into = groups.get(key) ?? groups.set(key, zero()).get(key)!;
    const counts = inWorkspaceCurrency(s, money);
    for (const m of MEASURES) {
      into[m] += counts[m];
      total[m] += counts[m];
    }
  }
  return { groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, counts]) => ({ key, counts })), total };
}

/** Every month from `from` to `to` (YYYY-MM, inclusive); empty when `from` is after `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
