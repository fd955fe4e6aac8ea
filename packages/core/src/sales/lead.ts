import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { LEAD_STATUSES, LeadEntity, type LeadItem, type LeadStatus } from "../db/lead";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { CompanyConflicts } from "../conflicts/company-hooks";
import { Conflicts } from "../conflicts/conflict";
import { newId } from "../id";
import { Phone } from "../phone";
import { now } from "../ports";
import { Records } from "../records";
import { Search } from "../search";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Email, Id, Name, Tags, parse } from "../validation";
import { Visibility } from "../visibility";
import { MarketingCampaign } from "../marketing/campaign";
import { Amount } from "./deal";
import { LeadRouting } from "./lead-routing";
import { Pipeline } from "./pipeline";
import type { Routing } from "./routing";

export * as Lead from "./lead";

const Text = (max: number) => z.string().trim().max(max).nullable();
const Fields = {
  name: Name,
  companyName: Text(200),
  email: Email.nullable(),
  phone: Text(40),
  source: Text(100),
  campaignId: MarketingCampaign.CampaignRef,
  region: Text(100),
  tags: Tags,
  amount: Amount.nullable(),
  currency: Pipeline.Currency.nullable(),
  message: Text(5000),
  ownerId: Id,
  shared: z.boolean(),
};
/** A lead from the API: without an owner, the routing rules choose one. */
export const LeadInput = z.strictObject(Fields).partial().required({ name: true }).extend(CompanyConflicts.Acknowledge);
/** Converted is reached only by converting. */
export const OpenStatus = z.enum(["new", "working", "disqualified"]);
export const LeadPatch = z.strictObject({ ...Fields, status: OpenStatus, version: z.number().int().positive() }).partial().required({ version: true });
export const LeadListQuery = z.strictObject({
  status: z.enum(LEAD_STATUSES).optional(),
  ownerId: z.string().max(64).optional(),
  source: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
  /** Sync: only leads changed after this moment, oldest change first, with a stable cursor (see Records.changedAfter). */
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
});
type LeadFields = Partial<z.infer<typeof LeadInput>>;

/** New and working leads count as open: they are what the fewest-open routing balances. */
export const isOpen = (status: LeadStatus) => status === "new" || status === "working";

/** What the API returns: the lead without its index helpers, absent fields as null. */
export function present(l: LeadItem) {
  const { searchTerms: _s, ...rest } = l;
  const n = <T>(v: T | undefined) => v ?? null;
  return {
    ...rest, companyName: n(rest.companyName), email: n(rest.email), phone: n(rest.phone), source: n(rest.source), region: n(rest.region),
    tags: rest.tags ?? [], amount: n(rest.amount), currency: n(rest.currency), message: n(rest.message), routedBy: n(rest.routedBy),
    contactId: n(rest.contactId), companyId: n(rest.companyId), dealId: n(rest.dealId), convertedAt: n(rest.convertedAt),
  };
}
export type Lead = ReturnType<typeof present>;

function terms(l: Pick<LeadItem, "name" | "email" | "phone" | "companyName">) {
  return Search.terms({ name: l.name, email: l.email, phone: l.phone, extra: l.companyName ? [l.companyName] : [] });
}

async function normalize(input: LeadFields) {
  const out: Record<string, unknown> = { ...input };
  const settings = await Tenant.settings();
  await MarketingCampaign.assertKnown(input.campaignId);
  if (input.phone) out.phone = Phone.toE164(input.phone, settings.phoneRegion);
  if (input.tags) out.tags = [...new Set(input.tags)];
  if (input.amount != null && !input.currency) out.currency = settings.currency;
  return out;
}

/** Drops nulls and empty strings (cleared fields) so the item holds no empty attributes. */
function compact<T extends Record<string, unknown>>(item: T): T {
  for (const k of Object.keys(item)) if (item[k] === null || item[k] === "") delete item[k];
  return item;
}

/** The assignment event: who has the lead now, who had it, and which rule decided. */
export function assigned(l: LeadItem, previousOwnerId: string | null) {
  return { leadId: l.leadId, name: l.name, companyName: l.companyName ?? null, ownerId: l.ownerId, previousOwnerId, routedBy: l.routedBy ?? null, version: l.version };
}

const MAX_ROUTING_ATTEMPTS = 60;

/**
 * Stores a new lead with its owner: the one given, or the routing rules' choice. The routing counters are
 * written in the lead's transaction on the condition that they still hold what routing read; when a
 * concurrent lead moved them, routing runs again, so simultaneous leads spread as if they came one by one.
 */
export async function capture(input: LeadFields): Promise<Lead> {
  const fields = await normalize(input);
  const tenantId = useTenant();
  const manualOwner = input.ownerId ? await Records.resolveOwner(input.ownerId) : null;
  const routing = manualOwner ? null : await LeadRouting.plan({ source: input.source, region: input.region, tags: fields.tags as string[] | undefined, amount: input.amount });
  for (let attempt = 0; ; attempt++) {
    const at = now().toISOString();
    const choice: Routing.Choice = routing ? await LeadRouting.choose(routing) : { ownerId: manualOwner!, routedBy: "manual", guard: null };
    const item = compact({
      ...fields, tenantId, leadId: newId(), status: "new", ownerId: choice.ownerId, shared: input.shared ?? false,
      routedBy: choice.routedBy, tags: (fields.tags as string[]) ?? [],
      version: 1, createdAt: at, updatedAt: at,
    } as Record<string, unknown>) as LeadItem;
    item.searchTerms = terms(item);
    const tx = new Tx(tenantId).add(() => LeadEntity.create(item));
    for (const op of Search.indexOps("lead", item.leadId, [], item.searchTerms, item)) tx.index(op);
    CompanyConflicts.trackKeys(tx, "lead", item.leadId, null, item);
    LeadRouting.addCounters(tx, tenantId, { [item.ownerId]: 1 }, choice.guard);
    tx.audit({ action: "lead.created", recordType: "lead", recordId: item.leadId, after: present(item) })
      .event("lead.created", present(item))
      .event("lead.assigned", assigned(item, null));
    try {
      await tx.run();
      return present(item);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const retry = choice.guard && (code === "lead.routing_moved" || code === "conflict.busy");
      if (!retry || attempt >= MAX_ROUTING_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * Math.min(attempt + 1, 5)));
    }
  }
}

/** Creates a lead from the API (routed by the rules unless an owner is given). */
export async function create(raw: unknown): Promise<Lead> {
  assertScope("deals:write");
  await Tenant.requireFeature("deals");
  const { acknowledgeConflicts, ...input } = parse(LeadInput, raw);
  const phone = input.phone ? Phone.toE164(input.phone, (await Tenant.settings()).phoneRegion) : undefined;
  await Conflicts.guard("lead", { companyName: input.companyName ?? undefined, email: input.email ?? undefined, phone }, acknowledgeConflicts);
  return capture(input);
}

/** The lead if it exists in this tenant and the actor may see it; 404 otherwise. */
export async function load(leadId: string): Promise<LeadItem> {
  const { data } = await LeadEntity.get({ tenantId: useTenant(), leadId }).go();
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("lead");
  return data;
}

export async function get(leadId: string): Promise<Lead> {
  assertScope("deals:read");
  return present(await load(leadId));
}

/** Open-lead counter changes for a lead going from `before` to `after` (null: not there). */
export function openDeltas(before: Pick<LeadItem, "status" | "ownerId"> | null, after: Pick<LeadItem, "status" | "ownerId"> | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (before && isOpen(before.status)) out[before.ownerId] = (out[before.ownerId] ?? 0) - 1;
  if (after && isOpen(after.status)) out[after.ownerId] = (out[after.ownerId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0));
}

/** Updates the fields given (owner and status too), if `version` is still current (409 otherwise). */
export async function update(leadId: string, raw: unknown): Promise<Lead> {
  assertScope("deals:write");
  const { version, ...changes } = parse(LeadPatch, raw);
  const before = await load(leadId);
  if (before.status === "converted" && (changes.status || (changes.ownerId && changes.ownerId !== before.ownerId))) {
    throw new ValidationError("A converted lead keeps its status and owner.", { status: "The lead is converted." }, "lead.converted");
  }
  const fields = await normalize(changes);
  if (changes.ownerId) fields.ownerId = await Records.resolveOwner(changes.ownerId);
  const merged = compact({ ...before, ...fields, version: before.version + 1, updatedAt: now().toISOString() } as Record<string, unknown>) as LeadItem;
  if (changes.ownerId && changes.ownerId !== before.ownerId) merged.routedBy = "manual";
  const after: LeadItem = { ...merged, searchTerms: terms(merged) };
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(() => LeadEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const op of Search.indexOps("lead", leadId, before.searchTerms ?? [], after.searchTerms ?? [], after)) tx.index(op);
  CompanyConflicts.trackKeys(tx, "lead", leadId, before, after);
  LeadRouting.addCounters(tx, tenantId, openDeltas(before, after), null);
  tx.audit({ action: "lead.updated", recordType: "lead", recordId: leadId, before: present(before), after: present(after) }).event("lead.updated", present(after));
  if (after.ownerId !== before.ownerId) tx.event("lead.assigned", assigned(after, before.ownerId));
  await tx.run();
  return present(after);
}

/** Deletes a lead; its owner's open count drops in the same transaction. */
export async function remove(leadId: string): Promise<void> {
  assertScope("deals:write");
  const before = await load(leadId);
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(() => LeadEntity.delete({ tenantId, leadId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const op of Search.indexOps("lead", leadId, before.searchTerms ?? [], [], before)) tx.index(op);
  CompanyConflicts.trackKeys(tx, "lead", leadId, before, null);
  LeadRouting.addCounters(tx, tenantId, openDeltas(before, null), null);
  await tx.audit({ action: "lead.deleted", recordType: "lead", recordId: leadId, before: present(before) }).event("lead.deleted", { leadId }).run();
}

/** Leads newest first, a page at a time: by status, by owner, or all; filtered by source and tag; or a search. */
export async function list(raw: unknown): Promise<{ items: Lead[]; cursor: string | null }> {
  assertScope("deals:read");
  const query = parse(LeadListQuery, raw ?? {});
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const wheres = Records.filters(scope, { tag: query.tag });
  if (query.source) wheres.push((a, op) => op.eq(a.source, query.source));
  const since = Records.changedAfter(query);
  if (since) {
    if (query.status) wheres.push((a, op) => op.eq(a.status, query.status));
    if (query.ownerId) wheres.push((a, op) => op.eq(a.ownerId, query.ownerId));
    const res = await Records.page<LeadItem>(LeadEntity.query.byUpdated({ tenantId }).gte({ updatedAt: since }), wheres, { cursor: query.cursor, limit: query.limit, order: "asc" });
    return { items: res.items.map(present), cursor: res.cursor };
  }
  if (query.q) {
    const ids = await Search.find("lead", query.q, query.limit * 2);
    const { data } = ids.length ? await LeadEntity.get(ids.map((leadId) => ({ tenantId, leadId }))).go() : { data: [] as LeadItem[] };
    const hits = Records.inOrder(ids, data, (l) => l.leadId).filter((l) =>
      Visibility.canSee(scope, l) && (!query.status || l.status === query.status) && (!query.ownerId || l.ownerId === query.ownerId) &&
      (!query.source || l.source === query.source) && (!query.tag || (l.tags ?? []).includes(query.tag)));
    return { items: hits.slice(0, query.limit).map(present), cursor: null };
  }
  let q;
  if (query.ownerId) {
    q = LeadEntity.query.byOwner({ tenantId, ownerId: query.ownerId });
    if (query.status) wheres.push((a, op) => op.eq(a.status, query.status));
  } else if (query.status) q = LeadEntity.query.byStatus({ tenantId, status: query.status });
  else q = LeadEntity.query.byCreated({ tenantId });
  const res = await Records.page<LeadItem>(q, wheres, { cursor: query.cursor, limit: query.limit, order: "desc" });
  return { items: res.items.map(present), cursor: res.cursor };
}
