import { useTenant } from "../actor";
import type { CareCampaignItem } from "../db/care-campaign";
import { CareScheduleEntity, type CareScheduleItem } from "../db/care-schedule";
import { ContactEntity, type ContactItem } from "../db/contact";
import { DueEntity } from "../db/due";
import { now, type DomainEvent } from "../ports";
import { Tx } from "../tx";
import { Care } from "./care";
import { CareDates, type Facts, type Trigger } from "./care-dates";
import { CareContract } from "./care-contract";
import { ContractEntity } from "../db/contract";

export * as CarePlan from "./care-plan";

/** The due-time index queue the care sweep reads. */
export const DUE_QUEUE = "care";
/** DynamoDB takes 100 items per transaction; a contact's replan uses up to 3 per campaign. */
const OPS_PER_TX = 96;

/** `contractEnds`: the contact's live contracts' end dates, loaded when a contract_end campaign exists. */
type Ctx = { timeZone: string; now: Date; contractEnds?: string[] };

export function dueRecordId(campaignId: string, contactId: string) {
  return `${campaignId}.${contactId}`;
}

function facts(trigger: Trigger, contact: ContactItem, schedule: CareScheduleItem | undefined, ctx: Ctx): Facts {
  switch (trigger.kind) {
    case "birthday":
      return { birthday: contact.birthday };
    case "anniversary":
    case "before_date": {
      const value = trigger.field === "createdAt" ? contact.createdAt : (contact.custom as Record<string, unknown> | undefined)?.[trigger.field];
      return { date: typeof value === "string" ? value : null };
    }
    case "deal_won":
      return { wonAt: schedule?.anchor };
    case "inactivity":
      return { lastActivityAt: schedule?.anchor ?? contact.createdAt };
    case "contract_end":
      return { contractEnds: ctx.contractEnds ?? [] };
  }
}

/**
 * The writes that bring one (campaign, contact) schedule and its due item up to date. `anchor` moves the
 * one-off triggers (a deal won, an activity). Returns nothing when the plan did not change.
 */
export function ops(
  campaign: CareCampaignItem | undefined, contact: ContactItem | undefined, schedule: CareScheduleItem | undefined,
  ctx: Ctx, anchor?: string,
): Array<() => object> {
  const tenantId = useTenant();
  const contactId = (contact?.contactId ?? schedule?.contactId)!;
  const campaignId = (campaign?.campaignId ?? schedule?.campaignId)!;
  const recordId = dueRecordId(campaignId, contactId);
  const out: Array<() => object> = [];
  const oldDue = schedule?.dueAt;
  if (!contact || !campaign) {
    if (oldDue) out.push(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: oldDue, tenantId, recordId }));
    if (schedule) out.push(() => CareScheduleEntity.delete({ tenantId, contactId, campaignId }));
    return out;
  }
  const newAnchor = anchor && (!schedule?.anchor || anchor > schedule.anchor) ? anchor : schedule?.anchor;
  const planned = { ...schedule, anchor: newAnchor } as CareScheduleItem | undefined;
  const trigger = campaign.trigger as Trigger;
  const next = campaign.enabled && contact.email
    ? CareDates.next(trigger, facts(trigger, contact, planned, ctx), { now: ctx.now, timeZone: ctx.timeZone, sendHour: campaign.sendHour, after: schedule?.lastSent })
    : null;
  if (schedule && schedule.dueAt === next?.dueAt && schedule.occurrence === next?.occurrence && schedule.anchor === newAnchor) return out;
  if (!schedule && !next && !newAnchor) return out;
  if (oldDue && oldDue !== next?.dueAt) out.push(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: oldDue, tenantId, recordId }));
  if (next && next.dueAt !== oldDue) out.push(() => DueEntity.put({ queue: DUE_QUEUE, dueAt: next.dueAt, tenantId, recordId }));
  const item: CareScheduleItem = {
    tenantId, contactId, campaignId, occurrence: next?.occurrence, dueAt: next?.dueAt, lastSent: schedule?.lastSent, anchor: newAnchor,
    updatedAt: ctx.now.toISOString(),
  };
  out.push(() => CareScheduleEntity.put(item));
  return out;
}

async function commit(all: Array<() => object>) {
  for (let i = 0; i < all.length; i += OPS_PER_TX) {
    const tx = new Tx(useTenant());
    for (const op of all.slice(i, i + OPS_PER_TX)) tx.add(op);
    await tx.run();
  }
}

async function context(): Promise<Ctx> {
  return { timeZone: (await Care.tenantContext()).timeZone, now: now() };
}

/** Replans every campaign for one contact (created, changed, deleted, or active again). */
export async function planContact(contactId: string, anchor?: { at: string; kinds: Trigger["kind"][] }) {
  const campaigns = await Care.all();
  // Without campaigns there is nothing to plan; schedules of deleted campaigns are dropped by the sweep.
  if (!campaigns.length) return;
  const tenantId = useTenant();
  const [{ data: contact }, { data: schedules }] = await Promise.all([
    ContactEntity.get({ tenantId, contactId }).go(),
    CareScheduleEntity.query.primary({ tenantId, contactId }).go({ pages: "all" }),
  ]);
  const ctx = await context();
  if (campaigns.some((c) => (c.trigger as Trigger).kind === "contract_end")) ctx.contractEnds = await CareContract.endsFor(contactId);
  const byCampaign = new Map(schedules.map((s) => [s.campaignId, s]));
  const all: Array<() => object> = [];
  for (const c of campaigns) {
    const a = anchor && anchor.kinds.includes((c.trigger as Trigger).kind) ? anchor.at : undefined;
    all.push(...ops(c, contact ?? undefined, byCampaign.get(c.campaignId), ctx, a));
    byCampaign.delete(c.campaignId);
  }
  // Schedules of deleted campaigns go with the contact's next change.
  for (const s of byCampaign.values()) all.push(...ops(undefined, contact ?? undefined, s, ctx));
  await commit(all);
}

/** Plans one campaign for every contact of the tenant, a page at a time (after it was created or changed). */
export async function planCampaign(campaignId: string) {
  const tenantId = useTenant();
  let campaign: CareCampaignItem | undefined;
  try {
    campaign = await Care.load(campaignId);
  } catch {
    return;
  }
  if ((campaign.trigger as Trigger).kind === "contract_end") return planRenewals();
  const ctx = await context();
  let cursor: string | null = null;
  do {
    const page: { data: ContactItem[]; cursor: string | null } = await ContactEntity.query.byName({ tenantId }).go({ cursor, count: 100 });
    const { data: schedules } = page.data.length
      ? await CareScheduleEntity.get(page.data.map((c) => ({ tenantId, contactId: c.contactId, campaignId }))).go()
      : { data: [] as CareScheduleItem[] };
    const byContact = new Map(schedules.map((s) => [s.contactId, s]));
    const all = page.data.flatMap((contact) => ops(campaign, contact, byContact.get(contact.contactId), ctx));
    await commit(all);
    cursor = page.cursor;
  } while (cursor);
}

/**
 * A contract_end campaign was saved: replans the contacts that receive renewal mail, found from the
 * tenant's contracts (one index query) rather than from every contact.
 */
async function planRenewals() {
  const { data } = await ContractEntity.query.byUpdated({ tenantId: useTenant() }).go({ pages: "all", attributes: ["contactId", "companyId"] });
  const contacts = new Set<string>();
  const companies = new Set<string>();
  for (const c of data) {
    if (c.contactId) contacts.add(c.contactId);
    else companies.add(c.companyId);
  }
  for (const companyId of companies) {
    const primary = await CareContract.primaryContact(companyId);
    if (primary) contacts.add(primary);
  }
  for (const contactId of contacts) await planContact(contactId);
}

/** Events that count as an activity with a contact (for "N days without activity"). */
export const ACTIVITY_EVENTS = [
  "note.created", "task.completed", "ticket.created", "ticket.replied", "ticket.message_received",
  "deal.created", "deal.stage_changed", "deal.won", "deal.lost",
];
export const EVENT_TYPES = ["contact.created", "contact.updated", "contact.deleted", "care.campaign_saved", ...ACTIVITY_EVENTS, ...CareContract.EVENT_TYPES];

function contactsOf(event: DomainEvent): string[] {
  const d = (event.data ?? {}) as Record<string, any>;
  const ids = [d.contactId, d.requesterId, d.deal?.contactId, d.recordType === "contact" ? d.recordId : undefined];
  return [...new Set(ids.filter((x): x is string => typeof x === "string" && !!x))];
}

/** Keeps the schedules in step with contacts, campaigns, won deals and activities (idempotent). */
export async function onEvent(event: DomainEvent) {
  if (event.type === "care.campaign_saved") return planCampaign((event.data as { campaignId: string }).campaignId);
  if (CareContract.EVENT_TYPES.includes(event.type)) {
    if (!(await Care.all()).some((c) => (c.trigger as Trigger).kind === "contract_end")) return;
    for (const contactId of await CareContract.contactsOf(event.data as { contactId?: string; companyId?: string })) await planContact(contactId);
    return;
  }
  const kinds: Trigger["kind"][] = event.type === "deal.won" ? ["deal_won", "inactivity"] : ACTIVITY_EVENTS.includes(event.type) ? ["inactivity"] : [];
  for (const contactId of contactsOf(event)) await planContact(contactId, kinds.length ? { at: event.at, kinds } : undefined);
}
