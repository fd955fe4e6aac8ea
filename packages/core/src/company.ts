import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { CompanyEntity, type CompanyItem } from "./db/company";
import { ContactEntity } from "./db/contact";
import { UsageEntity } from "./db/usage";
import { ConflictError, NotFoundError } from "./errors";
import { CompanyConflicts } from "./conflicts/company-hooks";
import { CustomField } from "./custom-field";
import { LifecycleCounts } from "./data/lifecycle-counts";
import { newId } from "./id";
import { Phone } from "./phone";
import { Plan } from "./plan";
import { now } from "./ports";
import { Records } from "./records";
import { ListFilter } from "./segments/list-filter";
import { Search } from "./search";
import { SearchIndex } from "./search-index";
import { ExternalId } from "./sync-external";
import { Tenant } from "./tenant";
import { Tx } from "./tx";
import { Id, Name, Tags, parse } from "./validation";
import { Visibility } from "./visibility";

export * as Company from "./company";

const Fields = {
  name: Name,
  domain: z.string().trim().toLowerCase().max(253).regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "Enter a domain such as example.com.").nullable(),
  phone: z.string().trim().max(40).nullable(),
  industry: z.string().trim().max(100).nullable(),
  externalId: ExternalId.ExternalIdField,
  /** 统一社会信用代码, checked by its check character and unique in the tenant. */
  creditCode: CompanyConflicts.CreditCodeField,
  tags: Tags,
  ownerId: Id,
  shared: z.boolean(),
  custom: z.record(z.string(), z.unknown()),
};
export const CompanyInput = z.strictObject(Fields).partial().required({ name: true }).extend(CompanyConflicts.Acknowledge);
export const CompanyPatch = z.strictObject({ ...Fields, version: z.number().int().positive() }).partial().required({ version: true });

export function present(c: CompanyItem) {
  const { nameKey: _n, searchTerms: _s, ...rest } = c;
  return { ...rest, tags: rest.tags ?? [], custom: CustomField.visible("company", rest.custom) };
}
export type Company = ReturnType<typeof present>;

async function normalizeFields(input: Partial<z.infer<z.ZodObject<typeof Fields>>>, before?: { custom?: unknown }) {
  const out: Record<string, unknown> = { ...input };
  if (input.phone) out.phone = Phone.toE164(input.phone, (await Tenant.settings()).phoneRegion);
  if (input.custom !== undefined) out.custom = await CustomField.validate("company", input.custom, before ? { before: before.custom ?? {} } : {});
  if (input.tags) out.tags = [...new Set(input.tags)];
  if (input.ownerId) out.ownerId = await Records.resolveOwner(input.ownerId);
  return out;
}

function derived(c: Omit<CompanyItem, "nameKey" | "searchTerms">) {
  return {
    nameKey: Search.normalize(c.name).slice(0, 200),
    searchTerms: Search.terms({ name: c.name, phone: c.phone, extra: c.domain ? [c.domain] : [] }),
  };
}

/** Creates a company within the plan's limit and indexes it for search. `extra`: more items for the same transaction (an import's row marker); `batch`: see `Tx.Batch`. */
export async function create(raw: unknown, extra: Array<Parameters<Tx["add"]>> = [], batch?: Tx.Batch): Promise<Company> {
  assertScope("companies:write");
  await Tenant.requireFeature("companies");
  const { acknowledgeConflicts, ...input } = parse(CompanyInput, raw);
  const fields = await normalizeFields(input);
  await CompanyConflicts.guard({ ...input, phone: fields.phone as string | null | undefined }, acknowledgeConflicts);
  const tenantId = useTenant();
  const limit = Plan.get((await Tenant.current()).plan).limits.companies;
  const at = now().toISOString();
  const base = {
    tenantId,
    companyId: newId(),
    name: input.name,
    domain: input.domain ?? undefined,
    phone: (fields.phone as string | null) ?? undefined,
    industry: input.industry ?? undefined,
    externalId: input.externalId ?? undefined,
    creditCode: input.creditCode ?? undefined,
    tags: (fields.tags as string[]) ?? [],
    ownerId: await Records.resolveOwner(input.ownerId),
    shared: input.shared ?? false,
    custom: (fields.custom as Record<string, unknown>) ?? (await CustomField.validate("company", {})),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const item: CompanyItem = { ...base, ...derived(base) };
  item.searchTerms = await SearchIndex.companyTerms(item);
  const tx = new Tx(tenantId).add(() => CompanyEntity.create(item));
  if (!batch) tx.add(() => {
    const u = UsageEntity.update({ tenantId }).add({ companies: 1 });
    return (limit === null ? u : u.where((a, op) => op.lt(a.companies, limit)));
  }, () => Plan.limitReached("companies"));
  for (const op of Search.indexOps("company", item.companyId, [], item.searchTerms ?? [], item)) tx.index(op);
  ExternalId.track(tx, "company", item.companyId, undefined, item.externalId);
  CompanyConflicts.track(tx, item.companyId, null, item);
  for (const args of extra) tx.add(...args);
  tx.audit({ action: "company.created", recordType: "company", recordId: item.companyId, after: present(item) }).event("company.created", present(item));
  if (batch) batch(tx);
  else await tx.run();
  return present(item);
}

async function load(companyId: string): Promise<CompanyItem> {
  await CustomField.prime();
  const { data } = await CompanyEntity.get({ tenantId: useTenant(), companyId }).go();
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("company");
  return data;
}

export async function get(companyId: string): Promise<Company> {
  assertScope("companies:read");
  return present(await load(companyId));
}

export async function update(companyId: string, raw: unknown, extra: Array<Parameters<Tx["add"]>> = []): Promise<Company> {
  assertScope("companies:write");
  const input = parse(CompanyPatch, raw);
  const before = await load(companyId);
  const { version, ...changes } = input;
  const fields = await normalizeFields(changes, before);
  const merged = { ...before, ...fields, version: before.version + 1, updatedAt: now().toISOString() } as CompanyItem;
  for (const k of ["domain", "phone", "industry", "externalId", "creditCode"] as const) if (merged[k] === null) delete merged[k];
  const after: CompanyItem = { ...merged, ...derived(merged) };
  after.searchTerms = await SearchIndex.companyTerms(after);
  const tx = new Tx(useTenant()).add(
    () => CompanyEntity.put(after).where((a, op) => op.eq(a.version, version)),
    () => new ConflictError(),
  );
  for (const op of Search.indexOps("company", companyId, before.searchTerms ?? [], after.searchTerms ?? [], after)) tx.index(op);
  ExternalId.track(tx, "company", companyId, before.externalId, after.externalId);
  CompanyConflicts.track(tx, companyId, before, after);
  for (const args of extra) tx.add(...args);
  await tx
    .audit({ action: "company.updated", recordType: "company", recordId: companyId, before: present(before), after: present(after) })
    .event("company.updated", present(after))
    .run();
  return present(after);
}

/** Deletes a company. Its contacts stay, and show no company. */
export async function remove(companyId: string): Promise<void> {
  assertScope("companies:write");
  const before = await load(companyId);
  const tenantId = useTenant();
  const tx = new Tx(tenantId)
    .add(() => CompanyEntity.delete({ tenantId, companyId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .add(() => UsageEntity.update({ tenantId }).add({ companies: -1 }));
  LifecycleCounts.onRemove(tx, tenantId, "company", before);
  for (const op of Search.indexOps("company", companyId, before.searchTerms ?? [], [], before)) tx.index(op);
  ExternalId.track(tx, "company", companyId, before.externalId, undefined);
  CompanyConflicts.track(tx, companyId, before, null);
  await tx
    .audit({ action: "company.deleted", recordType: "company", recordId: companyId, before: present(before) })
    .event("company.deleted", { companyId })
    .run();
  await unlinkContacts(tenantId, companyId);
}

/**
 * After a company is deleted its contacts stay, without the link. A contact changed meanwhile is skipped
 * only if it no longer points at the company; a retry of the delete finishes what a crash left.
 */
async function unlinkContacts(tenantId: string, companyId: string): Promise<number> {
  let cursor: string | null = null;
  let unlinked = 0;
  do {
    const page: { data: Array<{ contactId: string; nameKey: string }>; cursor: string | null } =
      await ContactEntity.query.byCompany({ tenantId, companyKey: companyId }).go({ cursor, count: 100 });
    const at = now().toISOString();
    await Promise.all(page.data.map((c) =>
      ContactEntity.patch({ tenantId, contactId: c.contactId })
        .set({ companyKey: "-", nameKey: c.nameKey, updatedAt: at })
        .remove(["companyId"])
        .add({ version: 1 })
        .where((a, op) => op.eq(a.companyId, companyId))
        .go()
        .then(() => void unlinked++, () => undefined),
    ));
    cursor = page.cursor;
  } while (cursor);
  return unlinked;
}

/**
 * The companies whose normalized name is exactly `nameKey`. The range ends the name with the key's delimiter, so
 * it reads only those companies' index entries, never the others that merely start with the name.
 */
export async function byNameKey(nameKey: string): Promise<CompanyItem[]> {
  const exact = `${nameKey}#`;
  const { data } = await CompanyEntity.query.byName({ tenantId: useTenant() })
    .between({ nameKey: exact }, { nameKey: exact + Search.PREFIX_END }).go({ pages: "all" });
  return data.filter((c) => c.nameKey === nameKey);
}

export const CompanyListQuery = Records.ListQuery.extend({ filter: ListFilter.FilterParam });

export async function list(raw: unknown): Promise<{ items: Company[]; cursor: string | null; examined?: number }> {
  assertScope("companies:read");
  const query = parse(CompanyListQuery, raw ?? {});
  await CustomField.prime();
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const since = Records.changedAfter(query);
  if (since) {
    const res = await Records.page<CompanyItem>(CompanyEntity.query.byUpdated({ tenantId }).gte({ updatedAt: since }), Records.filters(scope, query), { cursor: query.cursor, limit: query.limit, order: "asc" });
    return { items: res.items.map(present), cursor: res.cursor };
  }
  if (ListFilter.applies(query)) return ListFilter.page("company", query, scope, present);
  if (query.q) {
    const ids = await Search.find("company", query.q, query.limit * (query.tag || query.ownerId ? 4 : 2));
    if (!ids.length) return { items: [], cursor: null };
    const { data } = await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
    const items = Records.inOrder(ids, data, (c) => c.companyId).filter(Records.keep(query)).filter((c) => Visibility.canSee(scope, c));
    return { items: items.slice(0, query.limit).map(present), cursor: null };
  }
  const q = query.sort === "updated" ? CompanyEntity.query.byUpdated({ tenantId }) : CompanyEntity.query.byName({ tenantId });
  const order = query.order ?? (query.sort === "updated" ? "desc" : "asc");
  const res = await Records.page<CompanyItem>(q, Records.filters(scope, query), { cursor: query.cursor, limit: query.limit, order });
  return { items: res.items.map(present), cursor: res.cursor };
}
