import { z } from "zod";
import { actorRef, assertScope, useTenant } from "../actor";
import { Company } from "../company";
import { Contact } from "../contact";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { ContactEntity, type ContactItem } from "../db/contact";
import { MergeRedirectEntity } from "../db/duplicate";
import { TimelineEntity } from "../db/timeline";
import { UniqueEntity } from "../db/unique";
import { UsageEntity } from "../db/usage";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Search } from "../search";
import { SearchIndex } from "../search-index";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { Visibility } from "../visibility";
import { Dedupe } from "./dedupe";
import { MergeValues } from "./merge-values";

export * as Merge from "./merge";

export const MergeInput = z.strictObject({
  object: Dedupe.ObjectType,
  survivorId: Id,
  mergedIds: z.array(Id).min(1).max(9),
  /** Which record each field's surviving value comes from (`name`, `email`, `custom.<key>`, ...). */
  fields: z.record(z.string().max(120), Id).default({}),
});
export const MergeResponse = z.object({ object: Dedupe.ObjectType, survivorId: z.string(), mergedIds: z.array(z.string()), record: z.record(z.string(), z.unknown()) });

type Item = ContactItem | CompanyItem;
const idOf = (object: Dedupe.ObjectType, r: Item) => (object === "contact" ? (r as ContactItem).contactId : (r as CompanyItem).companyId);

async function loadAll(object: Dedupe.ObjectType, ids: string[]): Promise<Map<string, Item>> {
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const { data } = object === "contact"
    ? await ContactEntity.get(ids.map((contactId) => ({ tenantId, contactId }))).go()
    : await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
  const out = new Map<string, Item>();
  for (const r of data as Item[]) if (Visibility.canSee(scope, r)) out.set(idOf(object, r), r);
  // Another tenant's id, an unknown id, an invisible one and one merged away answer alike.
  for (const id of ids) if (!out.has(id)) throw new NotFoundError(object);
  return out;
}

/** Unique-rule items (contact email, external id) that move to the survivor or are freed, as transaction ops. */
function uniqueOps(tx: Tx, tenantId: string, survivor: ContactItem, after: ContactItem, merged: ContactItem[]) {
  for (const [field, rule] of [["email", "contact.email"], ["externalId", "contact.external"]] as const) {
    const next = after[field];
    const held = new Set([survivor[field], ...merged.map((m) => m[field])].filter((v): v is string => !!v));
    for (const value of held) if (value !== next) tx.add(() => UniqueEntity.delete({ tenantId, rule, value }));
    if (next && next !== survivor[field]) tx.add(() => UniqueEntity.put({ tenantId, rule, value: next, recordId: survivor.contactId }));
  }
}

/**
 * Merges records into a survivor in one transaction: the survivor takes the chosen value per field (others
 * fill only its empty fields), tags are unioned, the merged records are deleted on the versions read (an edit
 * made meanwhile makes the merge answer 409, so it is never lost) and leave a redirect; the merge is audited
 * and on the survivor's timeline. Notes, timelines, tasks, activities, tickets and deals move afterwards
 * (the `*.merged` subscriber, idempotent).
 */
export async function merge(raw: unknown) {
  const input = parse(MergeInput, raw);
  const { object, survivorId } = input;
  assertScope(object === "contact" ? "contacts:write" : "companies:write");
  const mergedIds = [...new Set(input.mergedIds)];
  if (mergedIds.includes(survivorId)) throw new ValidationError("The survivor cannot be merged into itself.", { mergedIds: "Leave out the survivor." });
  const records = await loadAll(object, [survivorId, ...mergedIds]);
  const problems = MergeValues.checkFields(object, input.fields, [survivorId, ...mergedIds]);
  if (problems) throw new ValidationError("Choose each field's value from one of the merged records.", problems);
  const survivor = records.get(survivorId)!;
  const merged = mergedIds.map((id) => records.get(id)!);
  const tenantId = useTenant();
  const at = now().toISOString();
  const values = MergeValues.combine(object, survivor as never, merged as never, input.fields, (id) => records.get(id) as never);
  const base = { ...survivor, ...values, version: survivor.version + 1, updatedAt: at } as Item;
  const after = (object === "contact"
    ? { ...base, nameKey: Search.normalize(base.name).slice(0, 200), companyKey: (base as ContactItem).companyId ?? "-", searchTerms: await SearchIndex.contactTerms(base as ContactItem) }
    : { ...base, nameKey: Search.normalize(base.name).slice(0, 200), searchTerms: await SearchIndex.companyTerms(base as CompanyItem) }) as Item;
  const changed = () => new ConflictError("A record changed while it was being merged. Reload and try again.");
  const tx = new Tx(tenantId).add(
    () => (object === "contact" ? ContactEntity.put(after as ContactItem) : CompanyEntity.put(after as CompanyItem)).where((a: any, op: any) => op.eq(a.version, survivor.version)),
    changed,
  );
  for (const m of merged) {
    const id = idOf(object, m);
    tx.add(() => (object === "contact" ? ContactEntity.delete({ tenantId, contactId: id }) : CompanyEntity.delete({ tenantId, companyId: id })).where((a: any, op: any) => op.eq(a.version, m.version)), changed);
    tx.add(() => MergeRedirectEntity.put({ tenantId, object, recordId: id, survivorId, mergedAt: at }));
  }
  if (object === "contact") uniqueOps(tx, tenantId, survivor as ContactItem, after as ContactItem, merged as ContactItem[]);
  tx.add(() => UsageEntity.update({ tenantId }).add(object === "contact" ? { contacts: -merged.length } : { companies: -merged.length }));
  const actor = actorRef();
  const names = merged.map((m) => m.name).join(", ");
  tx.add(() => TimelineEntity.put({
    tenantId, recordKey: `${object}#${survivorId}`, at, entryId: newId(), type: `${object}.merged`, actorType: actor.type, actorId: actor.id,
    summary: `${names} → ${after.name}`.slice(0, 300), data: { mergedIds, names: merged.map((m) => m.name) },
  }));
  const present = (r: Item) => (object === "contact" ? Contact.present(r as ContactItem) : Company.present(r as CompanyItem)) as Record<string, unknown>;
  tx.audit({ action: `${object}.merged`, recordType: object, recordId: survivorId, before: present(survivor), after: present(after) });
  for (const m of merged) tx.audit({ action: `${object}.merged_away`, recordType: object, recordId: idOf(object, m), before: present(m), after: null });
  const key = object === "contact" ? "contactId" : "companyId";
  tx.event(`${object}.updated`, present(after));
  for (const m of merged) tx.event(`${object}.deleted`, { [key]: idOf(object, m), mergedInto: survivorId });
  tx.event(`${object}.merged`, { [key]: survivorId, survivorId, mergedIds, name: after.name });
  await tx.run();
  await reindex(object, survivor, after, merged);
  return { object, survivorId, mergedIds, record: present(after) };
}

/** Index items: the survivor's terms move, the merged records' go (in transactions of at most 90 items). */
async function reindex(object: Dedupe.ObjectType, survivor: Item, after: Item, merged: Item[]) {
  const tenantId = useTenant();
  const ops = [
    ...Search.indexOps(object, idOf(object, after), survivor.searchTerms ?? [], after.searchTerms ?? [], { ownerId: after.ownerId, shared: !!after.shared }),
    ...merged.flatMap((m) => Search.indexOps(object, idOf(object, m), m.searchTerms ?? [], [], { ownerId: m.ownerId, shared: !!m.shared })),
  ];
  for (let i = 0; i < ops.length; i += 90) {
    const tx = new Tx(tenantId);
    for (const op of ops.slice(i, i + 90)) tx.add(op);
    await tx.run();
  }
}

/** Where a merged record went: its survivor's id (old links redirect), or 404. */
export async function redirect(object: string, recordId: string): Promise<{ survivorId: string }> {
  const type = parse(Dedupe.ObjectType, object);
  assertScope(type === "contact" ? "contacts:read" : "companies:read");
  const { data } = await MergeRedirectEntity.get({ tenantId: useTenant(), object: type, recordId }).go();
  if (!data) throw new NotFoundError(type);
  // Follow chains (a survivor merged again later), a few steps at most.
  let survivorId = data.survivorId;
  for (let i = 0; i < 5; i++) {
    const { data: next } = await MergeRedirectEntity.get({ tenantId: useTenant(), object: type, recordId: survivorId }).go();
    if (!next) break;
    survivorId = next.survivorId;
  }
  return { survivorId };
}
