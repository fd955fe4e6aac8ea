import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { ObjectDefEntity, ObjectLinkEntity, ObjectRecordEntity, type ObjectDefItem, type ObjectRecordItem } from "../db/custom-object";
import { DealEntity } from "../db/deal";
import { TimelineEntity, type TimelineItem } from "../db/timeline";
import { CustomField } from "../custom-field";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Search } from "../search";
import { SearchIndex } from "../search-index";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import { Visibility } from "../visibility";
import { ObjectDef } from "./object-def";
import { ObjectRules } from "./object-rules";

export * as ObjectRecord from "./object-record";

/**
 * Records of custom objects. Each write goes through Tx with its link items (one per related record),
 * its search terms and the object's record counter, and publishes `object_record.created|updated|deleted`
 * with the related records, so the timelines of the record and of each related record show it.
 * Records are read with the `contacts:*` scopes: they are customer data like contacts.
 */

const RelationValues = z.record(z.string().max(40), z.array(Id).max(ObjectRules.MAX_PER_RELATION));
export const RecordInput = z.strictObject({
  name: Name,
  custom: z.record(z.string(), z.unknown()).optional(),
  relations: RelationValues.optional(),
});
export const RecordPatch = z.strictObject({
  version: z.number().int().positive(),
  name: Name.optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  relations: RelationValues.optional(),
});
export const ListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  relatedType: z.enum(ObjectRules.TARGETS).optional(),
  relatedId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export const TimelineQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(2000).optional() });

export const RecordResponse = z.object({
  recordId: z.string(),
  objectKey: z.string(),
  name: z.string(),
  custom: z.record(z.string(), z.unknown()),
  relations: z.record(z.string(), z.array(z.string())),
  ownerId: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const RecordDetail = RecordResponse.extend({
  related: z.array(z.object({ relationKey: z.string(), type: z.enum(ObjectRules.TARGETS), id: z.string(), title: z.string() })),
});
export const ListResponse = z.object({ items: z.array(RecordResponse), cursor: z.string().nullable() });
export const TimelineResponse = z.object({
  items: z.array(z.object({ entryId: z.string(), type: z.string(), at: z.string(), actorType: z.string().optional(), actorId: z.string().optional(), summary: z.string().optional(), data: z.unknown() })),
  cursor: z.string().nullable(),
});
export type ObjectRecord = z.infer<typeof RecordResponse>;

const typeOf = (def: { objectKey: string }) => ObjectRules.objectType(def.objectKey);
const relationsOf = (def: ObjectDefItem) => (def.relations ?? []) as ObjectRules.Relation[];

function present(r: ObjectRecordItem): ObjectRecord {
  return {
    recordId: r.recordId,
    objectKey: r.objectKey,
    name: r.name,
    custom: CustomField.visible(ObjectRules.objectType(r.objectKey), r.custom ?? {}),
    relations: (r.relations ?? {}) as Record<string, string[]>,
    ownerId: r.ownerId,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** The object's definition, 404 for an unknown key or another tenant's (the same answer). */
async function objectOf(objectKey: string) {
  return ObjectDef.load(objectKey);
}

async function load(def: ObjectDefItem, recordId: string): Promise<ObjectRecordItem> {
  const { data } = Id.safeParse(recordId).success ? await ObjectRecordEntity.get({ tenantId: useTenant(), recordId }).go() : { data: null };
  if (!data || data.objectKey !== def.objectKey) throw new NotFoundError("record");
  return data;
}

type Found = { type: ObjectRules.Target; id: string; title: string };

/** Reads related records the actor may see; those missing or hidden come back absent. */
async function fetchRelated(refs: Array<{ type: ObjectRules.Target; id: string }>): Promise<Map<string, Found>> {
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const out = new Map<string, Found>();
  await Promise.all(
    refs.map(async ({ type, id }) => {
      let found: { ownerId: string; shared?: boolean; title: string } | null = null;
      if (type === "contact") found = await ContactEntity.get({ tenantId, contactId: id }).go().then((r) => (r.data ? { ...r.data, title: r.data.name } : null));
      if (type === "company") found = await CompanyEntity.get({ tenantId, companyId: id }).go().then((r) => (r.data ? { ...r.data, title: r.data.name } : null));
      if (type === "deal") found = await DealEntity.get({ tenantId, dealId: id }).go().then((r) => (r.data ? { ...r.data, title: r.data.title } : null));
      if (found && Visibility.canSee(scope, found)) out.set(`${type}#${id}`, { type, id, title: found.title });
    }),
  );
  return out;
}

/** Checks the relation values: known relations, one record where one is allowed, records that exist and the actor sees. */
async function checkRelations(def: ObjectDefItem, values: Record<string, string[]>, changed: Record<string, string[]> = values) {
  const defs = relationsOf(def);
  const problems = ObjectRules.relationProblems(defs, values);
  if (!Object.keys(problems).length) {
    // Only what changed must exist: a related record deleted since never blocks editing the rest.
    const links = ObjectRules.links(defs, changed);
    const found = await fetchRelated(ObjectRules.related(links));
    for (const l of links) if (!found.has(`${l.relatedType}#${l.relatedId}`)) problems[`relations.${l.relationKey}`] = `Unknown ${l.relatedType}.`;
  }
  if (Object.keys(problems).length) throw new ValidationError(`Check the fields: ${Object.keys(problems).join(", ")}.`, problems);
}

function linkOps(tenantId: string, r: { recordId: string; objectKey: string }, diff: { remove: ObjectRules.Link[]; add: ObjectRules.Link[] }) {
  return [
    ...diff.remove.map((l) => () => ObjectLinkEntity.delete({ tenantId, recordId: r.recordId, relationKey: l.relationKey, relatedType: l.relatedType, relatedId: l.relatedId })),
    ...diff.add.map((l) => () => ObjectLinkEntity.put({ tenantId, recordId: r.recordId, objectKey: r.objectKey, ...l })),
  ];
}

const counter = (tenantId: string, objectKey: string, delta: 1 | -1) => () =>
  ObjectDefEntity.update({ tenantId, objectKey }).add({ records: delta }).where((a, op) => op.exists(a.version));

function eventData(def: ObjectDefItem, shown: ObjectRecord, related: Array<{ type: string; id: string }>) {
  return { recordType: typeOf(def), recordId: shown.recordId, objectKey: def.objectKey, name: shown.name, related, record: shown };
}

async function terms(def: ObjectDefItem, name: string, custom: unknown) {
  return Search.terms({ name, extra: await SearchIndex.searchableValues(typeOf(def), custom) });
}

/** Creates a record: required custom fields are enforced here (400 naming `custom.<key>`), relations checked. */
export async function create(objectKey: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(RecordInput, raw);
  const def = await objectOf(objectKey);
  const relations = input.relations ?? {};
  const [custom] = await Promise.all([CustomField.validate(typeOf(def), input.custom ?? {}), checkRelations(def, relations)]);
  const tenantId = def.tenantId;
  const at = now().toISOString();
  const actor = useActor();
  const item: ObjectRecordItem = {
    tenantId, recordId: newId(), objectKey: def.objectKey, name: input.name, nameKey: Search.normalize(input.name), custom, relations,
    ownerId: await Records.resolveOwner(actor.type === "user" ? actor.userId : undefined), version: 1, createdAt: at, updatedAt: at,
  };
  item.searchTerms = await terms(def, item.name, custom);
  const links = ObjectRules.links(relationsOf(def), relations);
  const tx = new Tx(tenantId)
    .add(() => ObjectRecordEntity.create(item))
    .add(counter(tenantId, def.objectKey, 1), () => new NotFoundError("object"));
  for (const op of linkOps(tenantId, item, { remove: [], add: links })) tx.add(op);
  for (const op of Search.indexOps(typeOf(def), item.recordId, [], item.searchTerms ?? [], { ownerId: item.ownerId, shared: true })) tx.index(op);
  const shown = present(item);
  await tx
    .audit({ action: "object_record.created", recordType: typeOf(def), recordId: item.recordId, after: shown })
    .event("object_record.created", eventData(def, shown, ObjectRules.related(links)))
    .run();
  return shown;
}

/** A record with its related records' titles (those the actor may see). */
export async function get(objectKey: string, recordId: string) {
  assertScope("contacts:read");
  const def = await objectOf(objectKey);
  await CustomField.prime();
  const r = await load(def, recordId);
  const links = ObjectRules.links(relationsOf(def), r.relations as Record<string, string[]>);
  const found = await fetchRelated(ObjectRules.related(links));
  const related = links.flatMap((l) => {
    const f = found.get(`${l.relatedType}#${l.relatedId}`);
    return f ? [{ relationKey: l.relationKey, type: l.relatedType, id: l.relatedId, title: f.title }] : [];
  });
  return { ...present(r), related };
}

/** Changes a record (with the version read; 409 when stale). */
export async function update(objectKey: string, recordId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(RecordPatch, raw);
  const def = await objectOf(objectKey);
  const before = await load(def, recordId);
  const { version, ...changes } = input;
  const relations = changes.relations ? { ...(before.relations as Record<string, string[]>), ...changes.relations } : ((before.relations ?? {}) as Record<string, string[]>);
  for (const k of Object.keys(relations)) if (!relations[k].length) delete relations[k];
  const [custom] = await Promise.all([
    changes.custom === undefined ? Promise.resolve((before.custom ?? {}) as Record<string, unknown>) : CustomField.validate(typeOf(def), changes.custom, { before: before.custom ?? {} }),
    changes.relations ? checkRelations(def, relations, changes.relations) : Promise.resolve(),
  ]);
  const name = changes.name ?? before.name;
  const after: ObjectRecordItem = { ...before, name, nameKey: Search.normalize(name), custom, relations, version: before.version + 1, updatedAt: now().toISOString() };
  after.searchTerms = await terms(def, name, custom);
  const beforeLinks = ObjectRules.links(relationsOf(def), before.relations as Record<string, string[]>);
  const afterLinks = ObjectRules.links(relationsOf(def), relations);
  const tx = new Tx(def.tenantId).add(() => ObjectRecordEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const op of linkOps(def.tenantId, after, ObjectRules.linkDiff(beforeLinks, afterLinks))) tx.add(op);
  for (const op of Search.indexOps(typeOf(def), recordId, before.searchTerms ?? [], after.searchTerms ?? [], { ownerId: after.ownerId, shared: true })) tx.index(op);
  const shown = present(after);
  await tx
    .audit({ action: "object_record.updated", recordType: typeOf(def), recordId, before: present(before), after: shown })
    .event("object_record.updated", eventData(def, shown, ObjectRules.related(beforeLinks, afterLinks)))
    .run();
  return shown;
}

/** Deletes a record with its links and search terms. */
export async function remove(objectKey: string, recordId: string): Promise<void> {
  assertScope("contacts:write");
  const def = await objectOf(objectKey);
  const before = await load(def, recordId);
  const links = ObjectRules.links(relationsOf(def), before.relations as Record<string, string[]>);
  const tx = new Tx(def.tenantId)
    .add(() => ObjectRecordEntity.delete({ tenantId: def.tenantId, recordId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .add(counter(def.tenantId, def.objectKey, -1), () => new NotFoundError("object"));
  for (const op of linkOps(def.tenantId, before, { remove: links, add: [] })) tx.add(op);
  for (const op of Search.indexOps(typeOf(def), recordId, before.searchTerms ?? [], [], { ownerId: before.ownerId, shared: true })) tx.index(op);
  const shown = present(before);
  await tx
    .audit({ action: "object_record.deleted", recordType: typeOf(def), recordId, before: shown })
    .event("object_record.deleted", eventData(def, shown, ObjectRules.related(links)))
    .run();
}

async function byIds(def: ObjectDefItem, ids: string[]): Promise<ObjectRecordItem[]> {
  if (!ids.length) return [];
  const tenantId = useTenant();
  const { data } = await ObjectRecordEntity.get(ids.map((recordId) => ({ tenantId, recordId }))).go();
  return Records.inOrder(ids, data as ObjectRecordItem[], (r) => r.recordId).filter((r) => r.objectKey === def.objectKey);
}

/**
 * Records of an object: by name a page at a time; by name prefix (pinyin too) with `q`; or those related
 * to one contact, company or deal (`relatedType` + `relatedId`, a page of links at a time).
 */
export async function list(objectKey: string, raw: unknown) {
  assertScope("contacts:read");
  const q = parse(ListQuery, raw ?? {});
  if (Boolean(q.relatedType) !== Boolean(q.relatedId)) {
    throw new ValidationError("Give relatedType and relatedId together.", { [q.relatedType ? "relatedId" : "relatedType"]: "Required with the other." });
  }
  const def = await objectOf(objectKey);
  await CustomField.prime();
  const tenantId = def.tenantId;
  if (q.q) {
    const term = Search.queryTerm(q.q);
    if (!term) return { items: [], cursor: null };
    // A page of index items in term order; a record with several matching terms is shown at its first one, so
    // the pages never repeat a record and the cursor goes through every match.
    const page = await Records.page<{ term: string; recordId: string }>(Search.byPrefix(typeOf(def), term), [], { cursor: q.cursor, limit: q.limit, order: "asc" });
    const onPage = new Set(page.items.map((i) => `${i.recordId}\n${i.term}`));
    let items = (await byIds(def, [...new Set(page.items.map((i) => i.recordId))])).filter((r) => {
      const first = (r.searchTerms ?? []).filter((t) => t.startsWith(term)).sort()[0];
      return first === undefined || onPage.has(`${r.recordId}\n${first}`);
    });
    if (q.relatedType) items = items.filter((r) => ObjectRules.links(relationsOf(def), r.relations as Record<string, string[]>).some((l) => l.relatedType === q.relatedType && l.relatedId === q.relatedId));
    return { items: items.map(present), cursor: page.cursor };
  }
  if (q.relatedType && q.relatedId) {
    const page = await Records.page<{ recordId: string }>(
      ObjectLinkEntity.query.byRelated({ tenantId, relatedType: q.relatedType, relatedId: q.relatedId, objectKey: def.objectKey }),
      [(a, op) => op.eq(a.objectKey, def.objectKey)],
      { cursor: q.cursor, limit: q.limit, order: "asc" },
    );
    const items = await byIds(def, [...new Set(page.items.map((l) => l.recordId))]);
    return { items: items.map(present), cursor: page.cursor };
  }
  const page = await Records.page<ObjectRecordItem>(ObjectRecordEntity.query.byName({ tenantId, objectKey: def.objectKey }), [], { cursor: q.cursor, limit: q.limit, order: "asc" });
  return { items: page.items.map(present), cursor: page.cursor };
}

/** The record's timeline, newest first. */
export async function timeline(objectKey: string, recordId: string, raw: unknown) {
  assertScope("contacts:read");
  const q = parse(TimelineQuery, raw ?? {});
  const def = await objectOf(objectKey);
  await load(def, recordId);
  const page = await Records.page(TimelineEntity.query.primary({ tenantId: def.tenantId, recordKey: `${typeOf(def)}#${recordId}` }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return {
    items: (page.items as TimelineItem[]).map(({ type, at, entryId, actorType, actorId, summary, data }) => ({ entryId, type, at, actorType, actorId, summary, data })),
    cursor: page.cursor,
  };
}
