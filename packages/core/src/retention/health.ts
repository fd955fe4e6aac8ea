import { useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { HealthEntity, type HealthItem } from "../db/health";
import { TimelineEntity } from "../db/timeline";
import { ConflictError } from "../errors";
import { now } from "../ports";
import { Tx } from "../tx";
import type { ChurnEvents } from "./churn-events";
import { ChurnScore } from "./churn-score";
import { HealthSignals } from "./health-signals";

export * as Health from "./health";

export type CustomerType = "contact" | "company";
/** Score points kept per customer: a year of daily changes. */
export const HISTORY_LIMIT = 365;
export const RISK_EVENT = "customer.churn_risk";

export interface HistoryPoint { day: string; score: number }

/** Who a customer is, as the health item copies it (name and owner for the list and the alert). */
export interface Customer { recordType: CustomerType; recordId: string; name: string; ownerId: string; shared: boolean; updatedAt: string }

export function key(recordType: CustomerType, recordId: string): string {
  return `${recordType}#${recordId}`;
}

export function parseKey(recordKey: string): { recordType: CustomerType; recordId: string } | null {
  const [type, id] = recordKey.split("#");
  return (type === "contact" || type === "company") && id ? { recordType: type, recordId: id } : null;
}

/** The contact or company behind a key, read as the system (no visibility check); undefined when deleted. */
export async function customer(tenantId: string, recordKey: string): Promise<Customer | undefined> {
  const ref = parseKey(recordKey);
  if (!ref) return undefined;
  const { data } = ref.recordType === "contact"
    ? await ContactEntity.get({ tenantId, contactId: ref.recordId }).go()
    : await CompanyEntity.get({ tenantId, companyId: ref.recordId }).go();
  return data ? { ...ref, name: data.name, ownerId: data.ownerId, shared: data.shared ?? false, updatedAt: data.updatedAt } : undefined;
}

/** Aggregates for a customer seen for the first time: its newest timeline entry is its last activity. */
export async function seed(tenantId: string, c: Customer): Promise<HealthSignals.Aggregates> {
  const { data } = await TimelineEntity.query.primary({ tenantId, recordKey: key(c.recordType, c.recordId) }).go({ order: "desc", count: 1 });
  return { ...HealthSignals.empty(), lastActivityAt: data[0]?.at ?? c.updatedAt };
}

export function valueKey(value: number): string {
  return String(Math.max(0, Math.min(Math.round(value), 1e15 - 1))).padStart(15, "0");
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The history with today's score: one point per day, the latest value of the day, oldest dropped past the limit. */
export function withPoint(history: HistoryPoint[], at: Date, score: number): HistoryPoint[] {
  const day = dayOf(at);
  const rest = history.length && history[history.length - 1].day === day ? history.slice(0, -1) : history;
  if (rest.length && rest[rest.length - 1].score === score) return rest;
  return [...rest, { day, score }].slice(-HISTORY_LIMIT);
}

/**
 * The item after applying `change` at `at` with `settings`, or null when nothing a reader sees would
 * change (so a daily recompute writes only the scores that moved).
 */
export function next(before: HealthItem | null, c: Customer, agg: HealthSignals.Aggregates, settings: ChurnScore.Settings, at: Date, tenantId: string): HealthItem | null {
  const pruned = HealthSignals.prune(agg, at);
  const { score, band } = ChurnScore.score(HealthSignals.signals(pruned, at), settings);
  const value = HealthSignals.value(pruned);
  const same = before && before.score === score && before.band === band && before.value === value && before.name === c.name &&
    before.ownerId === c.ownerId && before.shared === c.shared && JSON.stringify(before.aggregates) === JSON.stringify(pruned);
  if (same) return null;
  const enters = band === "at_risk" && before?.band !== "at_risk";
  const item: HealthItem = {
    tenantId, recordKey: key(c.recordType, c.recordId), recordType: c.recordType, recordId: c.recordId, name: c.name, ownerId: c.ownerId, shared: c.shared,
    aggregates: pruned, score, band, value, valueKey: valueKey(value),
    atRiskSince: band === "at_risk" ? (enters ? at.toISOString() : before?.atRiskSince ?? at.toISOString()) : undefined,
    alertedFor: before?.alertedFor,
    history: before && before.score === score ? before.history : withPoint((before?.history as HistoryPoint[]) ?? [], at, score),
    computedAt: at.toISOString(), version: (before?.version ?? 0) + 1,
  };
  if (!item.atRiskSince) delete item.atRiskSince;
  if (!item.alertedFor) delete item.alertedFor;
  return item;
}

export interface RefreshOptions {
  settings: ChurnScore.Settings;
  at?: Date;
  /** The health item as already read (a batch read in the daily recompute); saves a read. */
  before?: HealthItem | null;
  customer?: Customer;
}

/**
 * Applies `change` to a customer's aggregates and stores the new score if anything changed. The write is
 * conditional on the version read; the one writer that moves the customer into "at risk" publishes
 * `customer.churn_risk` (so the alert is raised once per entry into the band, not on every recompute).
 */
export async function refresh(recordKey: string, change: (agg: HealthSignals.Aggregates) => HealthSignals.Aggregates, opts: RefreshOptions): Promise<HealthItem | null> {
  const tenantId = useTenant();
  const at = opts.at ?? now();
  let before = opts.before;
  let c = opts.customer;
  for (let attempt = 0; attempt < 6; attempt++) {
    if (before === undefined) before = (await HealthEntity.get({ tenantId, recordKey }).go()).data ?? null;
    c ??= await customer(tenantId, recordKey);
    if (!c) return null;
    const agg = before ? (before.aggregates as HealthSignals.Aggregates) : await seed(tenantId, c);
    const after = next(before, c, change(agg), opts.settings, at, tenantId);
    if (!after) return before;
    const prior = before;
    const write = () => prior ? HealthEntity.put(after).where((a, op) => op.eq(a.version, prior.version)) : HealthEntity.create(after);
    if (!(after.band === "at_risk" && prior?.band !== "at_risk")) {
      // Derived data with no event to publish: one conditional put, cheaper than a transaction.
      try {
        await write().go();
        return after;
      } catch (err) {
        if (!conditionFailed(err)) throw err;
        before = undefined;
        c = undefined;
        continue;
      }
    }
    // Entering "at risk": the write and the event go together, so exactly one writer raises the alert.
    const data: ChurnEvents.ChurnRisk = {
      recordType: after.recordType, recordId: after.recordId, name: after.name, ownerId: after.ownerId, score: after.score,
      previousBand: (prior?.band as "healthy" | "watch" | undefined) ?? null, value: after.value, atRiskSince: after.atRiskSince!,
    };
    const tx = new Tx(tenantId).add(write, () => new ConflictError()).event(RISK_EVENT, data);
    try {
      await tx.run();
      return after;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      before = undefined; // someone else wrote first: read again and reapply
      c = undefined;
    }
  }
  throw new ConflictError("Too many concurrent changes to a health score.", "conflict.busy");
}

function conditionFailed(err: unknown): boolean {
  const e = err as { cause?: { name?: string }; name?: string; message?: string } | undefined;
  return e?.cause?.name === "ConditionalCheckFailedException" || e?.name === "ConditionalCheckFailedException" || /conditional request failed/i.test(e?.message ?? "");
}

/** Removes a deleted customer's health item (and so its place in the at-risk list). */
export async function forget(recordKey: string): Promise<void> {
  await HealthEntity.delete({ tenantId: useTenant(), recordKey }).go();
}
