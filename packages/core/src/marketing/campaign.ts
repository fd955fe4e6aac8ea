import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, MarketingCampaignEntity, type MarketingCampaignItem } from "../db/marketing-campaign";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";

export * as MarketingCampaign from "./campaign";

const Day = z.iso.date({ message: "Use YYYY-MM-DD." });
const Fields = {
  name: Name,
  channel: z.enum(CAMPAIGN_CHANNELS),
  status: z.enum(CAMPAIGN_STATUSES),
  startDate: Day.nullable(),
  endDate: Day.nullable(),
  description: z.string().trim().max(2000).nullable(),
};
const periodInOrder = (v: { startDate?: string | null; endDate?: string | null }) => !v.startDate || !v.endDate || v.startDate <= v.endDate;
const periodError = { message: "The end is before the start.", path: ["endDate"] };

export const CampaignInput = z.strictObject(Fields).partial().required({ name: true, channel: true }).refine(periodInOrder, periodError);
export const CampaignPatch = z.strictObject({ ...Fields, version: z.number().int().positive() }).partial().required({ version: true });
export const CostInput = z.strictObject({
  date: Day,
  /** Minor units (fen, cents) of the tenant's currency. */
  amount: z.number().int("Use the minor unit (fen, cents): a whole number.").min(1).max(1e12),
  note: z.string().trim().max(500).nullable().optional(),
  /** The campaign's version, when the client wants its change refused after someone else's (409). */
  version: z.number().int().positive().optional(),
});
export const CampaignListQuery = z.strictObject({ status: z.enum(CAMPAIGN_STATUSES).optional() });

export const CostLine = z.strictObject({ lineId: z.string(), date: z.string(), amount: z.number().int(), note: z.string().nullable() });
/** A campaign as the API shows it, with the total of its cost lines. */
export const Campaign = z.strictObject({
  campaignId: z.string(),
  name: z.string(),
  channel: z.enum(CAMPAIGN_CHANNELS),
  status: z.enum(CAMPAIGN_STATUSES),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  description: z.string().nullable(),
  currency: z.string(),
  costs: z.array(CostLine),
  totalCost: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export function present(c: MarketingCampaignItem): Campaign {
  const costs = (c.costs ?? []).map((l) => ({ lineId: l.lineId, date: l.date, amount: l.amount, note: l.note ?? null }));
  return {
    campaignId: c.campaignId, name: c.name, channel: c.channel, status: c.status, startDate: c.startDate ?? null, endDate: c.endDate ?? null,
    description: c.description ?? null, currency: c.currency, costs, totalCost: costs.reduce((s, l) => s + l.amount, 0),
    version: c.version, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/** Drops nulls and empty strings (cleared fields) so the item holds no empty attributes. */
function compact<T extends Record<string, unknown>>(item: T): T {
  for (const k of Object.keys(item)) if (item[k] === null || item[k] === "") delete item[k];
  return item;
}

async function load(campaignId: string): Promise<MarketingCampaignItem> {
  const { data } = await MarketingCampaignEntity.get({ tenantId: useTenant(), campaignId }).go();
  if (!data) throw new NotFoundError("campaign");
  return data;
}

/**
 * Checks a `campaignId` given on a lead, contact or deal: an unknown one (or another tenant's) is a 400
 * naming the field. Null and undefined pass (no campaign, or clearing it).
 */
export async function assertKnown(campaignId: string | null | undefined): Promise<void> {
  if (!campaignId) return;
  const { data } = await MarketingCampaignEntity.get({ tenantId: useTenant(), campaignId }).go();
  if (!data) throw new ValidationError("The campaign does not exist.", { campaignId: "Unknown campaign." });
}

/** The field lead, contact and deal inputs share. */
export const CampaignRef = Id.nullable();

export async function create(raw: unknown): Promise<Campaign> {
  assertScope("deals:write");
  await Tenant.requireFeature("marketing");
  const input = parse(CampaignInput, raw);
  const tenantId = useTenant();
  const at = now().toISOString();
  const item = compact({
    tenantId, campaignId: newId(), name: input.name, channel: input.channel, status: input.status ?? "planned",
    startDate: input.startDate, endDate: input.endDate, description: input.description, currency: (await Tenant.settings()).currency,
    costs: [], version: 1, createdAt: at, updatedAt: at,
  } as Record<string, unknown>) as MarketingCampaignItem;
  await new Tx(tenantId).add(() => MarketingCampaignEntity.create(item))
    .audit({ action: "marketing_campaign.created", recordType: "marketing_campaign", recordId: item.campaignId, after: present(item) })
    .event("marketing_campaign.created", present(item))
    .run();
  return present(item);
}

export async function get(campaignId: string): Promise<Campaign> {
  assertScope("deals:read");
  await Tenant.requireFeature("marketing");
  return present(await load(campaignId));
}

/** The tenant's campaigns, newest first (a tenant runs tens of campaigns: one query, all pages). */
export async function list(raw: unknown): Promise<{ items: Campaign[] }> {
  assertScope("deals:read");
  await Tenant.requireFeature("marketing");
  const q = parse(CampaignListQuery, raw ?? {});
  const { data } = await MarketingCampaignEntity.query.byCreated({ tenantId: useTenant() }).go({ order: "desc", pages: "all" });
  return { items: data.filter((c) => !q.status || c.status === q.status).map(present) };
}

async function write(before: MarketingCampaignItem, after: MarketingCampaignItem, expected: number, action: string, events: Array<[string, unknown]>) {
  const tenantId = useTenant();
  const tx = new Tx(tenantId)
    .add(() => MarketingCampaignEntity.put(after).where((a, op) => op.eq(a.version, expected)), () => new ConflictError())
    .audit({ action, recordType: "marketing_campaign", recordId: after.campaignId, before: present(before), after: present(after) });
  for (const [type, data] of events) tx.event(type, data);
  await tx.run();
}

/** Updates the fields given, if `version` is still current (409 otherwise). */
export async function update(campaignId: string, raw: unknown): Promise<Campaign> {
  assertScope("deals:write");
  await Tenant.requireFeature("marketing");
  const { version, ...changes } = parse(CampaignPatch, raw);
  const before = await load(campaignId);
  const after = compact({ ...before, ...changes, version: before.version + 1, updatedAt: now().toISOString() } as Record<string, unknown>) as MarketingCampaignItem;
  if (!periodInOrder(after)) throw new ValidationError("The end is before the start.", { endDate: periodError.message });
  await write(before, after, version, "marketing_campaign.updated", [["marketing_campaign.updated", present(after)]]);
  return present(after);
}

/** Deletes a campaign; its costs leave the report (the event carries them), its leads and deals keep the id. */
export async function remove(campaignId: string): Promise<void> {
  assertScope("deals:write");
  await Tenant.requireFeature("marketing");
  const before = await load(campaignId);
  const tenantId = useTenant();
  await new Tx(tenantId)
    .add(() => MarketingCampaignEntity.delete({ tenantId, campaignId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "marketing_campaign.deleted", recordType: "marketing_campaign", recordId: campaignId, before: present(before) })
    .event("marketing_campaign.deleted", present(before))
    .run();
}

/** What a cost event carries: the line, and the campaign's channel (costs count under it as the source). */
const costEvent = (c: MarketingCampaignItem, line: z.infer<typeof CostLine>) => ({ campaignId: c.campaignId, channel: c.channel, line, version: c.version });

/** Adds a cost line (in the tenant's currency). */
export async function addCost(campaignId: string, raw: unknown): Promise<Campaign> {
  assertScope("deals:write");
  await Tenant.requireFeature("marketing");
  const input = parse(CostInput, raw);
  const before = await load(campaignId);
  if (input.version !== undefined && input.version !== before.version) throw new ConflictError();
  const line = compact({ lineId: newId(), date: input.date, amount: input.amount, note: input.note }) as { lineId: string; date: string; amount: number; note?: string };
  const after = { ...before, costs: [...(before.costs ?? []), line], version: before.version + 1, updatedAt: now().toISOString() };
  await write(before, after, before.version, "marketing_campaign.cost_added", [["marketing_campaign.cost_added", costEvent(after, { ...line, note: line.note ?? null })]]);
  return present(after);
}

/** Removes a cost line (404 when the campaign has no such line). */
export async function removeCost(campaignId: string, lineId: string): Promise<Campaign> {
  assertScope("deals:write");
  await Tenant.requireFeature("marketing");
  const before = await load(campaignId);
  const line = (before.costs ?? []).find((l) => l.lineId === lineId);
  if (!line) throw new NotFoundError("cost line");
  const after = { ...before, costs: (before.costs ?? []).filter((l) => l.lineId !== lineId), version: before.version + 1, updatedAt: now().toISOString() };
  await write(before, after, before.version, "marketing_campaign.cost_removed", [["marketing_campaign.cost_removed", costEvent(after, { ...line, note: line.note ?? null })]]);
  return present(after);
}

/** Names and channels of the tenant's campaigns by id, for the report. */
export async function directory(): Promise<Map<string, MarketingCampaignItem>> {
  const { data } = await MarketingCampaignEntity.query.byCreated({ tenantId: useTenant() }).go({ pages: "all" });
  return new Map(data.map((c) => [c.campaignId, c]));
}
