import { z } from "zod";
import { actorRef, assertScope, useTenant, withActor } from "../actor";
import { Company } from "../company";
import { Contact } from "../contact";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { ContactEntity, type ContactItem } from "../db/contact";
import { DueEntity, dueBy } from "../db/due";
import { LeadEntity } from "../db/lead";
import { LifecycleActivityEntity, LifecycleCountEntity, LifecycleSettingsEntity, LifecycleStatEntity, LifecycleTransitionEntity } from "../db/lifecycle";
import { UniqueEntity } from "../db/unique";
import { ConflictError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now } from "../ports";
import { HealthSignals } from "../retention/health-signals";
import { Tx } from "../tx";
import { parse } from "../validation";
import { type Cause, CUSTOMER_STAGES, LifecycleRules, STAGES, type Stage } from "./lifecycle-rules";

export * as Lifecycle from "./lifecycle";

export type RecordType = "contact" | "company";
type Item = ContactItem | CompanyItem;

/** The due-time queue of the inactivity sweep: one entry per customer, at its last activity + the configured days. */
export const QUEUE = "lifecycle";
export const DEFAULT_CHURN_AFTER_DAYS = 180;
const DAY = 86_400_000;

export const StageSchema = z.enum(STAGES);
/** A move by hand: the stage, why, and the record's current version (409 when stale). */
export const MoveInput = z.strictObject({ stage: StageSchema, reason: z.string().trim().min(1).max(500), version: z.number().int().positive() });
export const SettingsInput = z.strictObject({ churnAfterDays: z.number().int().min(7).max(3650), version: z.number().int().positive().optional() });

const idOf = (type: RecordType, item: Item) => (type === "contact" ? (item as ContactItem).contactId : (item as CompanyItem).companyId);

async function loadUnchecked(type: RecordType, recordId: string): Promise<Item | undefined> {
  const tenantId = useTenant();
  const { data } = type === "contact" ? await ContactEntity.get({ tenantId, contactId: recordId }).go() : await CompanyEntity.get({ tenantId, companyId: recordId }).go();
  return data ?? undefined;
}

export async function settings(): Promise<{ churnAfterDays: number; version: number }> {
  const { data } = await LifecycleSettingsEntity.get({ tenantId: useTenant() }).go();
  return { churnAfterDays: data?.churnAfterDays ?? DEFAULT_CHURN_AFTER_DAYS, version: data?.version ?? 0 };
}

/** Sets after how many days without activity or renewal a customer counts as churned (admins). */
export async function updateSettings(raw: unknown) {
  assertScope("settings:write");
  const input = parse(SettingsInput, raw);
  const tenantId = useTenant();
  const current = await settings();
  if (input.version !== undefined && input.version !== current.version) throw new ConflictError();
  const item = { tenantId, churnAfterDays: input.churnAfterDays, version: current.version + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(() => (current.version ? LifecycleSettingsEntity.put(item).where((a, op) => op.eq(a.version, current.version)) : LifecycleSettingsEntity.create(item)), () => new ConflictError())
    .audit({ action: "lifecycle.settings_updated", recordType: "lifecycle", recordId: tenantId, before: { churnAfterDays: current.churnAfterDays }, after: { churnAfterDays: item.churnAfterDays } })
    .event("lifecycle.settings_updated", { churnAfterDays: item.churnAfterDays, version: item.version })
    .run();
  return { churnAfterDays: item.churnAfterDays, version: item.version };
}

/**
 * Moves a record: the record's stage (a versioned write, so a concurrent edit is never lost), the
 * transition, the stage counters, the day's flow and time-in-stage counters and, for customers, the
 * inactivity due entry, in one transaction with the audit entry; `lifecycle.changed` after it.
 */
async function apply(type: RecordType, item: Item, to: Stage, cause: Cause, reason?: string): Promise<Item> {
  const tenantId = useTenant();
  const recordId = idOf(type, item);
  const at = now().toISOString();
  const day = at.slice(0, 10);
  const from = (item.lifecycleStage as Stage | undefined) ?? "subscriber";
  const after = { ...item, lifecycleStage: to, lifecycleSince: at, version: item.version + 1, updatedAt: at } as Item;
  const set = { lifecycleStage: to, lifecycleSince: at, version: after.version, updatedAt: at };
  const tx = new Tx(tenantId).add(
    () => (type === "contact" ? ContactEntity.patch({ tenantId, contactId: recordId }).set(set) : CompanyEntity.patch({ tenantId, companyId: recordId }).set(set))
      .where((a, op) => op.eq(a.version, item.version)),
    () => new ConflictError(),
  );
  if (from !== "subscriber") tx.add(() => LifecycleCountEntity.update({ tenantId, recordType: type, stage: from }).add({ count: -1 }));
  if (to !== "subscriber") tx.add(() => LifecycleCountEntity.update({ tenantId, recordType: type, stage: to }).add({ count: 1 }));
  tx.add(() => LifecycleStatEntity.update({ tenantId, day, dimension: `flow#${type}#${from}#${to}` }).add({ count: 1 }));
  const bucket = LifecycleRules.stayBucket(item.lifecycleSince ?? item.createdAt, at);
  tx.add(() => LifecycleStatEntity.update({ tenantId, day, dimension: `stay#${type}#${from}#${bucket}` }).add({ count: 1 }));
  if (CUSTOMER_STAGES.includes(to) && !CUSTOMER_STAGES.includes(from)) {
    const days = (await settings()).churnAfterDays;
    tx.add(() => DueEntity.put({ queue: QUEUE, dueAt: new Date(Date.parse(at) + days * DAY).toISOString(), tenantId, recordId: `${type}#${recordId}` }));
  }
  const by = actorRef();
  const transition = { tenantId, recordType: type, recordId, transitionId: newId(Date.parse(at)), from, to, at, cause, reason, byType: by.type, byId: by.id };
  tx.add(() => LifecycleTransitionEntity.create(transition));
  await tx
    .audit({ action: `${type}.lifecycle_changed`, recordType: type, recordId, before: { lifecycleStage: from }, after: { lifecycleStage: to, cause, reason: reason ?? null } })
    .event("lifecycle.changed", { recordType: type, recordId, from, to, cause, reason: reason ?? null, at })
    .run();
  return after;
}

/** Applies an automatic cause to a record, again on a concurrent edit; nothing when the rules say stay. */
async function advance(type: RecordType, recordId: string, cause: Exclude<Cause, "manual">): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const item = await loadUnchecked(type, recordId);
    if (!item) return;
    const to = LifecycleRules.next(item.lifecycleStage as Stage | undefined, cause);
    if (!to) return;
    try {
      await apply(type, item, to, cause);
      return;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt === 3) throw err;
    }
  }
}

/** Moves a contact or company by hand, with a reason; needs its current version. */
export async function move(type: RecordType, recordId: string, raw: unknown) {
  assertScope(type === "contact" ? "contacts:write" : "companies:write");
  const input = parse(MoveInput, raw);
  // Through the module's own read: another tenant's id, an unknown one and an invisible record answer alike.
  if (type === "contact") await Contact.get(recordId);
  else await Company.get(recordId);
  const item = (await loadUnchecked(type, recordId))!;
  if (item.version !== input.version) throw new ConflictError();
  const to = LifecycleRules.manual(item.lifecycleStage as Stage | undefined, input.stage);
  const after = to ? await apply(type, item, to, "manual", input.reason) : item;
  return type === "contact" ? Contact.present(after as ContactItem) : Company.present(after as CompanyItem);
}

/** A record's stage and its history, newest first. */
export async function of(type: RecordType, recordId: string) {
  const record = type === "contact" ? await Contact.get(recordId) : await Company.get(recordId);
  const { data } = await LifecycleTransitionEntity.query.primary({ tenantId: useTenant(), recordType: type, recordId }).go({ order: "desc", count: 100 });
  return {
    stage: (record.lifecycleStage as Stage | undefined) ?? "subscriber",
    since: record.lifecycleSince ?? record.createdAt,
    history: data.map(({ from, to, at, cause, reason, byType, byId }) => ({ from, to, at, cause, reason: reason ?? null, byType, byId })),
  };
}

/** Events that move a stage. */
export const MOVE_EVENTS = ["lead.created", "lead.converted", "deal.created", "deal.won", "customer.churn_risk"];
/** Events that count as a customer's activity (the inactivity sweep's clock). */
export const ACTIVITY_EVENTS = HealthSignals.EVENT_TYPES.filter((t) => !["ticket.sla_breached", "contact.unsubscribed", "contact.resubscribed", "deal.updated", "contact.updated", "company.updated"].includes(t));
export const EVENT_TYPES = [...new Set([...MOVE_EVENTS, ...ACTIVITY_EVENTS, "activity.logged"])];

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** The records an event moves and why. */
async function movesOf(event: DomainEvent): Promise<Array<{ type: RecordType; id: string; cause: Exclude<Cause, "manual"> }>> {
  const d = (event.data ?? {}) as Data;
  const both = (x: Data, cause: Exclude<Cause, "manual">) => [
    ...(str(x.contactId) ? [{ type: "contact" as const, id: str(x.contactId)!, cause }] : []),
    ...(str(x.companyId) ? [{ type: "company" as const, id: str(x.companyId)!, cause }] : []),
  ];
  switch (event.type) {
    case "lead.created": {
      // A lead names no contact; one with the same email as an existing contact makes that contact a lead.
      const { data: lead } = await LeadEntity.get({ tenantId: useTenant(), leadId: String(d.leadId) }).go();
      if (!lead?.email) return [];
      const { data: unique } = await UniqueEntity.get({ tenantId: useTenant(), rule: "contact.email", value: lead.email.toLowerCase() }).go();
      return unique ? [{ type: "contact", id: unique.recordId, cause: "lead_created" }] : [];
    }
    case "lead.converted":
      return both(d, "lead_qualified");
    case "deal.created":
      return d.status === "open" ? both(d, "deal_opened") : [];
    case "deal.won":
      return both((d.deal as Data) ?? {}, "deal_won");
    case "customer.churn_risk":
      return d.recordType === "contact" || d.recordType === "company" ? [{ type: d.recordType, id: String(d.recordId), cause: "churn_risk" }] : [];
    default:
      return [];
  }
}

/**
 * The subscriber: moves the records an event concerns and marks customers' activity. Runs as the system
 * for the event's tenant; a redelivered event moves nothing twice (the rules are idempotent and the
 * record write is conditional on its version).
 */
export async function onEvent(event: DomainEvent): Promise<void> {
  const tenantId = useTenant();
  if (ACTIVITY_EVENTS.includes(event.type) || event.type === "activity.logged") {
    const d = (event.data ?? {}) as Data;
    const keys = event.type === "activity.logged"
      ? [str(d.recordType) && str(d.recordId) ? `${d.recordType}#${d.recordId}` : null].filter((k): k is string => !!k)
      : HealthSignals.customersOf(event);
    await Promise.all(keys.map((recordKey) => LifecycleActivityEntity.put({ tenantId, recordKey, lastActivityAt: event.at })
      .where((a, op) => `${op.notExists(a.lastActivityAt)} OR ${op.lt(a.lastActivityAt, event.at)}`).go().catch(() => undefined)));
  }
  for (const m of await movesOf(event)) await advance(m.type, m.id, m.cause);
}

/**
 * The inactivity sweep: reads only the due entries. A customer active since the entry was written gets a
 * later entry instead; one still inactive is churned. The conditional delete decides which of two
 * overlapping sweeps takes an entry.
 */
export async function sweep(at: Date = now()): Promise<{ churned: number; postponed: number }> {
  const total = { churned: 0, postponed: 0 };
  for (let round = 0; round < 100; round++) {
    const { data } = await dueBy(QUEUE, at).go({ count: 100 });
    if (!data.length) break;
    for (const entry of data) {
      const claimed = await DueEntity.delete(entry).where((a, op) => op.exists(a.recordId)).go().then(() => true, () => false);
      if (!claimed) continue;
      await withActor({ type: "system", tenantId: entry.tenantId, reason: "lifecycle-sweep" }, () => sweepOne(entry.recordId, at, total))
        .catch((err) => console.error(`[lifecycle-sweep] ${entry.tenantId} ${entry.recordId} failed`, err));
    }
  }
  return total;
}

async function sweepOne(recordKey: string, at: Date, total: { churned: number; postponed: number }) {
  const tenantId = useTenant();
  const [type, recordId] = recordKey.split("#") as [RecordType, string];
  const item = await loadUnchecked(type, recordId);
  if (!item || !CUSTOMER_STAGES.includes(item.lifecycleStage as Stage)) return;
  const { data: mark } = await LifecycleActivityEntity.get({ tenantId, recordKey }).go();
  const last = [item.lifecycleSince ?? item.createdAt, mark?.lastActivityAt].filter((x): x is string => !!x).sort().at(-1)!;
  const due = Date.parse(last) + (await settings()).churnAfterDays * DAY;
  if (due > at.getTime()) {
    await DueEntity.put({ queue: QUEUE, dueAt: new Date(due).toISOString(), tenantId, recordId: recordKey }).go();
    total.postponed++;
    return;
  }
  await advance(type, recordId, "inactive");
  total.churned++;
}
