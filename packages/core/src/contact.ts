import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { CompanyEntity } from "./db/company";
import { ContactEntity, type ContactItem } from "./db/contact";
import { UniqueEntity } from "./db/unique";
import { UsageEntity } from "./db/usage";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { CompanyConflicts } from "./conflicts/company-hooks";
import { Conflicts } from "./conflicts/conflict";
import { CustomField } from "./custom-field";
import { LifecycleCounts } from "./data/lifecycle-counts";
import { CareDates } from "./retention/care-dates";
import { newId } from "./id";
import { Phone } from "./phone";
import { Plan } from "./plan";
import { now } from "./ports";
import { Records } from "./records";
import { ListFilter } from "./segments/list-filter";
import { Search } from "./search";
import { SearchIndex } from "./search-index";
import { Tenant } from "./tenant";
import { Tx } from "./tx";
import { Email, Id, Name, Tags, parse } from "./validation";
import { Visibility } from "./visibility";
import { MarketingCampaign } from "./marketing/campaign";

export * as Contact from "./contact";

const Fields = {
  name: Name,
  email: Email.nullable(),
  phone: z.string().trim().max(40).nullable(),
  title: z.string().trim().max(200).nullable(),
  birthday: z.string().trim().refine(CareDates.isBirthday, "Use MM-DD or YYYY-MM-DD.").nullable(),
  language: z.enum(["zh-CN", "en"]).nullable(),
  /** The id the record has in another system (an ERP, a shop); unique in the workspace. */
  externalId: z.string().trim().min(1).max(100).nullable(),
  companyId: Id.nullable(),
  source: z.string().trim().max(100).nullable(),
  campaignId: MarketingCampaign.CampaignRef,
  tags: Tags,
  ownerId: Id,
  shared: z.boolean(),
  custom: z.record(z.string(), z.unknown()),
};
export const ContactInput = z.strictObject({ ...Fields, name: Name }).partial().required({ name: true }).extend(CompanyConflicts.Acknowledge);
export const ContactPatch = z.strictObject({ ...Fields, version: z.number().int().positive() }).partial().required({ version: true });
export type ContactInput = z.infer<typeof ContactInput>;

const EMAIL_RULE = "contact.email";
const EXTERNAL_RULE = "contact.external";

/** The contact that holds an email or an external id, if any (for sync). */
export async function idBy(rule: "email" | "externalId", value: string): Promise<string | undefined> {
  const key = rule === "email" ? value.toLowerCase() : value;
  const { data } = await UniqueEntity.get({ tenantId: useTenant(), rule: rule === "email" ? EMAIL_RULE : EXTERNAL_RULE, value: key }).go();
  return data?.recordId;
}

/** What the API returns: the record without its index helpers. */
export function present(c: ContactItem) {
  const { nameKey: _n, companyKey: _c, searchTerms: _s, ...rest } = c;
  return { ...rest, tags: rest.tags ?? [], custom: CustomField.visible("contact", rest.custom) };
}
export type Contact = ReturnType<typeof present>;

function emailTaken() {
  return new ConflictError("Another contact already has this email.", "contact.email_taken", { email: "Taken." });
}

function externalIdTaken() {
  return new ConflictError("Another contact already has this external id.", "contact.external_id_taken", { externalId: "Taken." });
}

async function normalizeFields(input: Partial<z.infer<z.ZodObject<typeof Fields>>>, before?: { custom?: unknown }) {
  const out: Record<string, unknown> = { ...input };
  if (input.phone) out.phone = Phone.toE164(input.phone, (await Tenant.settings()).phoneRegion);
  if (input.companyId) {
    const { data } = await CompanyEntity.get({ tenantId: useTenant(), companyId: input.companyId }).go();
    if (!data) throw new ValidationError("The company does not exist.", { companyId: "Unknown company." });
  }
  await MarketingCampaign.assertKnown(input.campaignId);
  if (input.custom !== undefined) out.custom = await CustomField.validate("contact", input.custom, before ? { before: before.custom ?? {} } : {});
  if (input.tags) out.tags = [...new Set(input.tags)];
  return out;
}

function derived(c: Omit<ContactItem, "nameKey" | "companyKey" | "searchTerms">) {
  return {
    nameKey: Search.normalize(c.name).slice(0, 200),
    companyKey: c.companyId ?? "-",
    searchTerms: Search.terms({ name: c.name, email: c.email, phone: c.phone }),
  };
}

/** Creates a contact: validates, takes a slot of the plan's limit and the email's unique item, indexes it. `extra`: more items for the same transaction (an import's row marker); `batch`: see `Tx.Batch`. */
export async function create(raw: unknown, extra: Array<Parameters<Tx["add"]>> = [], batch?: Tx.Batch): Promise<Contact> {
  assertScope("contacts:write");
  await Tenant.requireFeature("contacts");
  const { acknowledgeConflicts, ...input } = parse(ContactInput, raw);
  const fields = await normalizeFields(input);
  await Conflicts.guard("contact", { email: (fields.email as string | null) ?? undefined, phone: (fields.phone as string | null) ?? undefined }, acknowledgeConflicts);
  const tenantId = useTenant();
  const limit = Plan.get((await Tenant.current()).plan).limits.contacts;
  const at = now().toISOString();
  const base = {
    tenantId,
    contactId: newId(),
    name: input.name,
    email: (fields.email as string | null) ?? undefined,
    phone: (fields.phone as string | null) ?? undefined,
    title: input.title ?? undefined,
    birthday: input.birthday ?? undefined,
    language: input.language ?? undefined,
    externalId: input.externalId ?? undefined,
    companyId: input.companyId ?? undefined,
    source: input.source || undefined,
    campaignId: input.campaignId ?? undefined,
    tags: (fields.tags as string[]) ?? [],
    ownerId: await Records.resolveOwner(input.ownerId),
    shared: input.shared ?? false,
    custom: (fields.custom as Record<string, unknown>) ?? (await CustomField.validate("contact", {})),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const item: ContactItem = { ...base, ...derived(base) };
  item.searchTerms = await SearchIndex.contactTerms(item);
  const tx = new Tx(tenantId).add(() => ContactEntity.create(item));
  if (item.email) tx.add(() => UniqueEntity.create({ tenantId, rule: EMAIL_RULE, value: item.email!, recordId: item.contactId }), emailTaken);
  if (item.externalId) tx.add(() => UniqueEntity.create({ tenantId, rule: EXTERNAL_RULE, value: item.externalId!, recordId: item.contactId }), externalIdTaken);
  if (!batch) tx.add(() => {
    const u = UsageEntity.update({ tenantId }).add({ contacts: 1 });
    return (limit === null ? u : u.where((a, op) => op.lt(a.contacts, limit)));
  }, () => Plan.limitReached("contacts"));
  for (const op of Search.indexOps("contact", item.contactId, [], item.searchTerms ?? [], item)) tx.index(op);
  CompanyConflicts.trackKeys(tx, "contact", item.contactId, null, item);
  for (const args of extra) tx.add(...args);
  tx.audit({ action: "contact.created", recordType: "contact", recordId: item.contactId, after: present(item) }).event("contact.created", present(item));
  if (batch) batch(tx);
  else await tx.run();
  return present(item);
}

async function load(contactId: string): Promise<ContactItem> {
  await CustomField.prime();
  const { data } = await ContactEntity.get({ tenantId: useTenant(), contactId }).go();
  // Another tenant's id, an unknown id and an invisible record answer alike.
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("contact");
  return data;
}

/** Reads a contact without the visibility check, for system work (mail matching its requester). */
export async function getUnchecked(contactId: string): Promise<ContactItem | undefined> {
  const { data } = await ContactEntity.get({ tenantId: useTenant(), contactId }).go();
  return data ?? undefined;
}

export async function get(contactId: string): Promise<Contact> {
  assertScope("contacts:read");
  return present(await load(contactId));
}

/** Updates the fields given, if `version` is still current (409 otherwise). */
export async function update(contactId: string, raw: unknown, extra: Array<Parameters<Tx["add"]>> = []): Promise<Contact> {
  assertScope("contacts:write");
  const input = parse(ContactPatch, raw);
  const before = await load(contactId);
  const { version, ...changes } = input;
  const fields = await normalizeFields(changes, before);
  if (changes.ownerId) fields.ownerId = await Records.resolveOwner(changes.ownerId);
  const tenantId = useTenant();
  const merged = { ...before, ...fields, version: before.version + 1, updatedAt: now().toISOString() } as ContactItem;
  for (const k of ["email", "phone", "title", "companyId", "birthday", "language", "externalId", "source", "campaignId"] as const) if (merged[k] === null || merged[k] === "") delete merged[k];
  const after: ContactItem = { ...merged, ...derived(merged) };
  after.searchTerms = await SearchIndex.contactTerms(after);
  const tx = new Tx(tenantId).add(
    () => ContactEntity.put(after).where((a, op) => op.eq(a.version, version)),
    () => new ConflictError(),
  );
  if (before.email !== after.email) {
    if (before.email) tx.add(() => UniqueEntity.delete({ tenantId, rule: EMAIL_RULE, value: before.email! }));
    if (after.email) tx.add(() => UniqueEntity.create({ tenantId, rule: EMAIL_RULE, value: after.email!, recordId: contactId }), emailTaken);
  }
  if (before.externalId !== after.externalId) {
    if (before.externalId) tx.add(() => UniqueEntity.delete({ tenantId, rule: EXTERNAL_RULE, value: before.externalId! }));
    if (after.externalId) tx.add(() => UniqueEntity.create({ tenantId, rule: EXTERNAL_RULE, value: after.externalId!, recordId: contactId }), externalIdTaken);
  }
  // Every current term is put again, so a new owner or sharing reaches the index items too.
  for (const op of Search.indexOps("contact", contactId, before.searchTerms ?? [], after.searchTerms ?? [], after)) tx.index(op);
  CompanyConflicts.trackKeys(tx, "contact", contactId, before, after);
  for (const args of extra) tx.add(...args);
  await tx
    .audit({ action: "contact.updated", recordType: "contact", recordId: contactId, before: present(before), after: present(after) })
    .event("contact.updated", present(after))
    .run();
  return present(after);
}

export async function remove(contactId: string): Promise<void> {
  assertScope("contacts:write");
  const before = await load(contactId);
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(
    () => ContactEntity.delete({ tenantId, contactId }).where((a, op) => op.eq(a.version, before.version)),
    () => new ConflictError(),
  );
  if (before.email) tx.add(() => UniqueEntity.delete({ tenantId, rule: EMAIL_RULE, value: before.email! }));
  if (before.externalId) tx.add(() => UniqueEntity.delete({ tenantId, rule: EXTERNAL_RULE, value: before.externalId! }));
  tx.add(() => UsageEntity.update({ tenantId }).add({ contacts: -1 }));
  LifecycleCounts.onRemove(tx, tenantId, "contact", before);
  for (const op of Search.indexOps("contact", contactId, before.searchTerms ?? [], [], before)) tx.index(op);
  CompanyConflicts.trackKeys(tx, "contact", contactId, before, null);
  await tx
    .audit({ action: "contact.deleted", recordType: "contact", recordId: contactId, before: present(before) })
    .event("contact.deleted", { contactId })
    .run();
}

export const ContactListQuery = Records.ListQuery.extend({ companyId: z.string().max(64).optional(), filter: ListFilter.FilterParam });

/** Lists contacts a page at a time: by name or last update, by company, or by a search query. */
export async function list(raw: unknown): Promise<{ items: Contact[]; cursor: string | null; examined?: number }> {
  assertScope("contacts:read");
  const query = parse(ContactListQuery, raw ?? {});
  await CustomField.prime();
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const since = Records.changedAfter(query, { companyId: query.companyId });
  if (since) {
    const res = await Records.page<ContactItem>(ContactEntity.query.byUpdated({ tenantId }).gte({ updatedAt: since }), Records.filters(scope, query), { cursor: query.cursor, limit: query.limit, order: "asc" });
    return { items: res.items.map(present), cursor: res.cursor };
  }
  if (ListFilter.applies(query)) return ListFilter.page("contact", query, scope, present);
  if (query.q) {
    const filtered = query.tag || query.ownerId || query.companyId;
    const ids = await Search.find("contact", query.q, query.limit * (filtered ? 4 : 2));
    const items = (await byIds(ids)).filter(Records.keep(query)).filter((c) => !query.companyId || c.companyId === query.companyId);
    return { items: items.filter((c) => Visibility.canSee(scope, c)).slice(0, query.limit).map(present), cursor: null };
  }
  const wheres = Records.filters(scope, query);
  const q = query.companyId
    ? ContactEntity.query.byCompany({ tenantId, companyKey: query.companyId })
    : query.sort === "updated"
      ? ContactEntity.query.byUpdated({ tenantId })
      : ContactEntity.query.byName({ tenantId });
  const order = query.order ?? (query.sort === "updated" ? "desc" : "asc");
  const res = await Records.page<ContactItem>(q, wheres, { cursor: query.cursor, limit: query.limit, order });
  return { items: res.items.map(present), cursor: res.cursor };
}

async function byIds(ids: string[]): Promise<ContactItem[]> {
  if (!ids.length) return [];
  const tenantId = useTenant();
  const { data } = await ContactEntity.get(ids.map((contactId) => ({ tenantId, contactId }))).go();
  return Records.inOrder(ids, data, (c) => c.contactId);
}
