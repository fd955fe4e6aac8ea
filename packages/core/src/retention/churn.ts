import { z } from "zod";
import { assertScope, useTenant, withActor } from "../actor";
import { Company } from "../company";
import { Contact } from "../contact";
import { Notification } from "../collab/notification";
import { RecordRef } from "../collab/record-ref";
import { Task } from "../collab/task";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DueEntity, dueBy } from "../db/due";
import { HealthEntity, type HealthItem } from "../db/health";
import { TicketEntity } from "../db/ticket";
import { UniqueEntity } from "../db/unique";
import { type DomainEvent, now } from "../ports";
import { Records } from "../records";
import { Tenant } from "../tenant";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import type { ChurnEvents } from "./churn-events";
import { ChurnScore } from "./churn-score";
import { ChurnSettings } from "./churn-settings";
import { type Customer, type CustomerType, Health, type HistoryPoint } from "./health";
import { HealthSignals } from "./health-signals";

export * as Churn from "./churn";

/** The due-time queue of the daily recompute: one entry per tenant, at the next midnight UTC. */
export const QUEUE = "churn";
const TENANT_ENTRY = "tenant";
/** What the list's sort value means, for the API and the UI. */
export const VALUE_BASIS = "The sum of the customer's open and won deal amounts (minor currency units).";
const WIN_BACK_DAYS = 2;
const PARALLEL = 8;

type Data = Record<string, unknown>;

async function enabled(): Promise<boolean> {
  return (await Tenant.features()).includes("churn");
}

function nextMidnight(at: Date): string {
  const d = new Date(at);
  d.setUTCHours(24, 0, 0, 0);
  return d.toISOString();
}

/** Puts the tenant into the daily recompute (idempotent: one key per tenant and day). */
export async function schedule(tenantId: string, dueAt: string): Promise<void> {
  await DueEntity.put({ queue: QUEUE, dueAt, tenantId, recordId: TENANT_ENTRY }).go();
}

async function customersOf(event: DomainEvent, tenantId: string): Promise<string[]> {
  const d = event.data as Data;
  if (event.type === "ticket.sla_breached" && typeof d.ticketId === "string") {
    // The breach names only the ticket; its requester and company are on the ticket.
    const { data: ticket } = await TicketEntity.get({ tenantId, ticketId: d.ticketId }).go();
    return ticket ? HealthSignals.customersOf({ type: "ticket.sla_breached", data: ticket }) : [];
  }
  if ((event.type === "contact.unsubscribed" || event.type === "contact.resubscribed") && !d.contactId && typeof d.email === "string") {
    const { data: unique } = await UniqueEntity.get({ tenantId, rule: "contact.email", value: d.email.toLowerCase() }).go();
    return unique ? [Health.key("contact", unique.recordId)] : [];
  }
  return HealthSignals.customersOf(event);
}

/** Events that only schedule a tenant's recompute (the plan or its switches changed: backfill tonight). */
export const SCHEDULE_EVENTS = ["tenant.plan_changed", "tenant.features_changed", "churn.settings_updated"];
export const FORGET_EVENTS = ["contact.deleted", "company.deleted"];

/**
 * The subscriber: applies an event to the health of each customer it concerns and rescores them. Runs as
 * the system for the event's tenant; redelivery is harmless (aggregates are idempotent, writes versioned).
 */
export async function onEvent(event: DomainEvent): Promise<void> {
  if (!(await enabled())) return;
  const tenantId = useTenant();
  const d = event.data as Data;
  if (SCHEDULE_EVENTS.includes(event.type)) return schedule(tenantId, now().toISOString());
  if (event.type === "contact.deleted") return Health.forget(Health.key("contact", String(d.contactId)));
  if (event.type === "company.deleted") return Health.forget(Health.key("company", String(d.companyId)));
  const keys = await customersOf(event, tenantId);
  if (!keys.length) return;
  const settings = await ChurnSettings.get(tenantId);
  // The win-back task the alert creates is the churn module's own doing, not the customer's activity.
  const own = event.actor.type === "system" && event.actor.id.startsWith("churn");
  for (const k of keys) await Health.refresh(k, (agg) => HealthSignals.apply(agg, event, own), { settings });
  if (event.type === "contact.created" || event.type === "company.created") await schedule(tenantId, nextMidnight(now()));
}

/**
 * The alert, on `customer.churn_risk`: a notification to the owner (in the app and by email per their
 * preferences) and a win-back task. Claiming `alertedFor` on the health item makes it once per entry into
 * the band, however often the event is delivered.
 */
export async function onRisk(event: DomainEvent): Promise<void> {
  if (!(await enabled())) return;
  const d = event.data as ChurnEvents.ChurnRisk;
  const tenantId = useTenant();
  const claimed = await HealthEntity.patch({ tenantId, recordKey: Health.key(d.recordType, d.recordId) })
    .set({ alertedFor: d.atRiskSince }).add({ version: 1 })
    .where((a, op) => `${op.notExists(a.alertedFor)} OR ${op.ne(a.alertedFor, d.atRiskSince)}`)
    .go().then(() => true, () => false);
  if (!claimed) return;
  const link = RecordRef.path(Health.key(d.recordType, d.recordId));
  await Notification.send(d.ownerId, {
    kind: "churn", sourceId: `churn-${d.recordType}-${d.recordId}-${Date.parse(d.atRiskSince)}`, link,
    title: `流失风险 / Churn risk: ${d.name} (${d.score})`,
    body: `健康分降到 ${d.score}，已为您创建挽回任务。 / The health score fell to ${d.score}; a win-back task was created for you.`,
  });
  await Task.create({
    title: `挽回客户 / Win back: ${d.name}`.slice(0, 300), assigneeId: d.ownerId, recordType: d.recordType, recordId: d.recordId,
    dueAt: new Date(now().getTime() + WIN_BACK_DAYS * 86_400_000).toISOString(), remindMinutesBefore: 60,
  });
}

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(fn));
}

/**
 * Rescores every customer of the current tenant at `at`: pages through its contacts and companies by
 * query (never a scan), reads their health items in batches, and writes only the scores that changed.
 */
export async function recomputeTenant(at: Date = now()): Promise<{ customers: number; changed: number }> {
  const tenantId = useTenant();
  const settings = await ChurnSettings.get(tenantId);
  let customers = 0;
  let changed = 0;
  for (const recordType of ["contact", "company"] as const) {
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ name: string; ownerId: string; shared?: boolean; updatedAt: string; contactId?: string; companyId?: string }>; cursor: string | null } =
        recordType === "contact"
          ? await ContactEntity.query.byName({ tenantId }).go({ cursor, count: 100 })
          : await CompanyEntity.query.byName({ tenantId }).go({ cursor, count: 100 });
      const batch: Customer[] = page.data.map((r) => ({
        recordType, recordId: (recordType === "contact" ? r.contactId : r.companyId)!, name: r.name, ownerId: r.ownerId, shared: r.shared ?? false, updatedAt: r.updatedAt,
      }));
      const keys = batch.map((c) => ({ tenantId, recordKey: Health.key(c.recordType, c.recordId) }));
      const { data: items } = keys.length ? await HealthEntity.get(keys).go() : { data: [] as HealthItem[] };
      const byKey = new Map(items.map((i) => [i.recordKey, i]));
      await inBatches(batch, async (c) => {
        const k = Health.key(c.recordType, c.recordId);
        const before = byKey.get(k);
        const after = await Health.refresh(k, (agg) => agg, { settings, at, before, customer: c });
        if (after && after !== before) changed++;
      });
      customers += batch.length;
      cursor = page.cursor;
    } while (cursor);
  }
  return { customers, changed };
}

/**
 * The daily schedule: recomputes each tenant whose entry is due. The conditional delete decides which of
 * two overlapping runs takes a tenant; the next day's entry is written before the work, so a crash
 * mid-tenant still leaves it in tomorrow's run.
 */
export async function sweep(at: Date = now()): Promise<{ tenants: number; customers: number; changed: number }> {
  const total = { tenants: 0, customers: 0, changed: 0 };
  // Claimed entries leave the index, so each read starts again from the oldest still due.
  for (let round = 0; round < 100; round++) {
    const { data } = await dueBy(QUEUE, at).go({ count: 100 });
    if (!data.length) break;
    await sweepEntries(data, at, total);
  }
  return total;
}

async function sweepEntries(data: Array<{ dueAt: string; tenantId: string; recordId: string }>, at: Date, total: { tenants: number; customers: number; changed: number }) {
  for (const item of data) {
    const claimed = await DueEntity.delete({ queue: QUEUE, dueAt: item.dueAt, tenantId: item.tenantId, recordId: item.recordId })
      .where((a, op) => op.exists(a.recordId)).go().then(() => true, () => false);
    if (!claimed) continue;
    await withActor({ type: "system", tenantId: item.tenantId, reason: "churn-recompute" }, async () => {
      if (!(await enabled())) return; // off: a plan or feature change schedules it again
      await schedule(item.tenantId, nextMidnight(at));
      const r = await recomputeTenant(at);
      total.tenants++;
      total.customers += r.customers;
      total.changed += r.changed;
    }).catch((err) => console.error(`[churn-recompute] tenant ${item.tenantId} failed`, err)); // one tenant's failure stops no other
  }
}

function presentRow(h: HealthItem) {
  return {
    recordType: h.recordType, recordId: h.recordId, name: h.name, ownerId: h.ownerId, score: h.score, band: h.band, value: h.value,
    atRiskSince: h.atRiskSince ?? null, computedAt: h.computedAt,
  };
}

export const ListQuery = z.strictObject({
  band: z.enum(ChurnScore.BANDS).default("at_risk"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/** Customers in a band (at risk by default), most valuable first, from the band index, a page at a time. */
export async function list(raw: unknown) {
  assertScope("contacts:read");
  const q = parse(ListQuery, raw ?? {});
  const scope = await Visibility.ownerScope();
  const page = await Records.page<HealthItem>(HealthEntity.query.byBand({ tenantId: useTenant(), band: q.band }), Records.filters(scope, {}), { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: page.items.map(presentRow), cursor: page.cursor, valueBasis: VALUE_BASIS };
}

/**
 * One customer's health as of now with the tenant's current rules: the score, its band, each signal with
 * the points it takes away, and the history. 404 for a customer the actor cannot see (or another tenant's).
 */
export async function of(recordType: CustomerType, recordId: string) {
  const record = recordType === "contact" ? await Contact.get(recordId) : await Company.get(recordId);
  const tenantId = useTenant();
  const [settings, { data: item }] = await Promise.all([ChurnSettings.get(tenantId), HealthEntity.get({ tenantId, recordKey: Health.key(recordType, recordId) }).go()]);
  const at = now();
  const customer: Customer = { recordType, recordId, name: record.name, ownerId: record.ownerId, shared: record.shared ?? false, updatedAt: record.updatedAt };
  const agg = HealthSignals.prune(item ? (item.aggregates as HealthSignals.Aggregates) : await Health.seed(tenantId, customer), at);
  const result = ChurnScore.score(HealthSignals.signals(agg, at), settings);
  return {
    recordType, recordId, score: result.score, band: result.band, signals: result.signals, thresholds: settings.thresholds,
    value: HealthSignals.value(agg), valueBasis: VALUE_BASIS, atRiskSince: item?.atRiskSince ?? null,
    history: ((item?.history as HistoryPoint[] | undefined) ?? []), computedAt: at.toISOString(),
  };
}
