import { z } from "zod";
import { assertScope, useActor, useTenant } from "./actor";
import { CompanyEntity } from "./db/company";
import { ContactEntity } from "./db/contact";
import { CustomFieldCountEntity, CustomFieldEntity, type CustomFieldItem } from "./db/custom-field";
import { ObjectDefEntity } from "./db/custom-object";
import { DealEntity } from "./db/deal";
import { LayoutEntity, type LayoutItem } from "./db/layout";
import { MembershipEntity } from "./db/membership";
import { TicketEntity } from "./db/ticket";
import { UniqueEntity } from "./db/unique";
import { CustomFieldSchema, type Definition, FIELD_TYPES, OBJECT_TYPES } from "./custom-field-schema";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { newId } from "./id";
import { Plan } from "./plan";
import { now } from "./ports";
import { Tenant } from "./tenant";
import { Tx } from "./tx";
import { parse } from "./validation";

export * as CustomField from "./custom-field";
export type { Definition } from "./custom-field-schema";

/**
 * Custom fields: per tenant and object, definitions (this module) and values (one `custom` map per record,
 * validated here through the pure rules of custom-field-schema.ts). Definitions are cached per tenant; a
 * change in this process is seen at once, other processes (Lambdas) see it within CACHE_MS.
 */

const CACHE_MS = 30_000;
const MAX_CACHED = 10_000;
const cache = new Map<string, { items: CustomFieldItem[]; layouts: LayoutItem[]; until: number }>();

async function loadEntry(tenantId: string) {
  const hit = cache.get(tenantId);
  if (hit && hit.until > Date.now()) return hit;
  const [fields, layouts] = await Promise.all([
    CustomFieldEntity.query.primary({ tenantId }).go({ pages: "all" }),
    LayoutEntity.query.primary({ tenantId }).go({ pages: "all" }),
  ]);
  if (cache.size >= MAX_CACHED) cache.clear();
  const entry = { items: fields.data, layouts: layouts.data, until: Date.now() + CACHE_MS };
  cache.set(tenantId, entry);
  return entry;
}

async function loadAll(tenantId: string): Promise<CustomFieldItem[]> {
  return (await loadEntry(tenantId)).items;
}

/** The stored layout of an object, if an admin saved one (cached with the definitions). */
export async function layoutOf(objectType: string): Promise<LayoutItem | undefined> {
  return (await loadEntry(useTenant())).layouts.find((l) => l.objectType === objectType);
}

/** The custom field keys of an object hidden from the current actor's role by the layout. */
function hiddenKeys(layouts: LayoutItem[], objectType: string): Set<string> {
  const actor = useActor();
  if (actor.type !== "user" || !actor.role) return new Set();
  const role = actor.role;
  const hidden = (layouts.find((l) => l.objectType === objectType)?.hidden ?? {}) as Record<string, string[]>;
  return new Set(Object.entries(hidden).filter(([, roles]) => roles.includes(role)).map(([k]) => k));
}

/** Fields hidden from the actor behave for them like deleted ones: not shown, not writable, values kept. */
function asSeenByActor(defs: CustomFieldItem[], layouts: LayoutItem[], objectType: string): Definition[] {
  const hidden = hiddenKeys(layouts, objectType);
  return defs.map((d) => (hidden.has(d.key) && !d.deletedAt ? { ...d, deletedAt: "hidden" } : d)) as Definition[];
}

/** Forgets a tenant's definitions after they changed (the next read loads them again). */
export function invalidate(tenantId: string): void {
  cache.delete(tenantId);
}

const byPosition = (a: CustomFieldItem, b: CustomFieldItem) => a.position - b.position || a.key.localeCompare(b.key);

async function ofObject(objectType: string, includeDeleted = false): Promise<CustomFieldItem[]> {
  const all = await loadAll(useTenant());
  return all.filter((d) => d.objectType === objectType && (includeDeleted || CustomFieldSchema.isActive(d as Definition))).sort(byPosition);
}

/** The active definitions the current actor may see (the layout may hide some from their role). */
export async function visibleDefinitions(objectType: string): Promise<CustomFieldDef[]> {
  const entry = await loadEntry(useTenant());
  const hidden = hiddenKeys(entry.layouts, objectType);
  return (await ofObject(objectType)).filter((d) => !hidden.has(d.key)).map(present);
}

/** A definition as the API shows it. */
export function present(d: CustomFieldItem) {
  return {
    fieldId: d.fieldId, objectType: d.objectType, key: d.key, type: d.type,
    labels: { en: "", "zh-CN": "", ...(d.labels as object) } as { en: string; "zh-CN": string },
    help: { ...(d.help as object) } as { en?: string; "zh-CN"?: string },
    required: d.required ?? false, default: d.default ?? null, validation: (d.validation ?? {}) as CustomFieldSchema.Validation,
    searchable: d.searchable ?? false, position: d.position,
    deletedAt: d.deletedAt ?? null, purging: Boolean(d.purgingAt),
    version: d.version, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}
export type CustomFieldDef = ReturnType<typeof present>;

export const FieldResponse = z.object({
  fieldId: z.string(), objectType: z.string(), key: z.string(), type: z.string(),
  labels: z.object({ en: z.string(), "zh-CN": z.string() }), help: z.object({ en: z.string().optional(), "zh-CN": z.string().optional() }),
  required: z.boolean(), default: z.unknown(), validation: z.record(z.string(), z.unknown()), searchable: z.boolean(), position: z.number(),
  deletedAt: z.string().nullable(), purging: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const ListResponse = z.object({ items: z.array(FieldResponse), limit: z.number().nullable() });

/** The active definitions of an object, in form order (what validation, forms and search read). */
export async function definitions(objectType: string): Promise<CustomFieldDef[]> {
  return (await ofObject(objectType)).map(present);
}

/** Loads the tenant's definitions into the cache, so `visible` can filter synchronously. */
export async function prime(): Promise<void> {
  await loadAll(useTenant());
}

/**
 * What the API shows of a record's stored `custom` map: values of active fields only (deleted fields keep
 * their values in storage until purged). Synchronous for the records' `present`; callers prime the cache
 * on the read path (load, list) and the write path loads it anyway.
 */
export function visible(objectType: string, values: unknown): Record<string, unknown> {
  const stored = values && typeof values === "object" ? (values as Record<string, unknown>) : {};
  let tenantId: string;
  try {
    tenantId = useTenant();
  } catch {
    return stored;
  }
  const hit = cache.get(tenantId);
  if (!hit) return stored;
  return CustomFieldSchema.visible(asSeenByActor(hit.items.filter((d) => d.objectType === objectType), hit.layouts, objectType), stored);
}

async function context() {
  return { region: (await Tenant.settings()).phoneRegion };
}

/**
 * Validates a record's custom values against the tenant's active definitions. Without `options.before` it
 * is a create (defaults applied, required enforced); with it, a patch over the stored map. Returns the map
 * to store, or throws 400 naming `custom.<key>`.
 */
export async function validate(objectType: string, values: unknown, options: { before?: unknown } = {}): Promise<Record<string, unknown>> {
  const entry = await loadEntry(useTenant());
  const defs = asSeenByActor(await ofObject(objectType, true), entry.layouts, objectType);
  const before = options.before === undefined ? undefined : ((options.before ?? {}) as Record<string, unknown>);
  const out = CustomFieldSchema.apply(defs, values ?? {}, before, await context());
  await checkReferences(defs, out, before);
  return out;
}

/** The defaults of an object's active fields, for records the system opens (a ticket from mail): no one can fill in required fields there. */
export async function defaults(objectType: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const d of await ofObject(objectType)) if (d.default !== undefined && d.default !== null && d.type !== "user" && d.type !== "record_link") out[d.key] = d.default;
  return out;
}

const RECORD_GETTERS: Record<string, (tenantId: string, id: string) => Promise<unknown>> = {
  contact: async (tenantId, contactId) => (await ContactEntity.get({ tenantId, contactId }).go()).data,
  company: async (tenantId, companyId) => (await CompanyEntity.get({ tenantId, companyId }).go()).data,
  deal: async (tenantId, dealId) => (await DealEntity.get({ tenantId, dealId }).go()).data,
  ticket: async (tenantId, ticketId) => (await TicketEntity.get({ tenantId, ticketId }).go()).data,
};

/** A user field names a member of this tenant; a link names a record of this tenant (checked when changed). */
async function checkReferences(defs: Definition[], out: Record<string, unknown>, before?: Record<string, unknown>) {
  const tenantId = useTenant();
  const fields: Record<string, string> = {};
  await Promise.all(
    defs.filter(CustomFieldSchema.isActive).map(async (d) => {
      const v = out[d.key];
      if (v === undefined || JSON.stringify(v) === JSON.stringify(before?.[d.key])) return;
      if (d.type === "user") {
        const { data } = await MembershipEntity.get({ tenantId, userId: String(v) }).go();
        if (!data) fields[`custom.${d.key}`] = "Not a member of this workspace.";
      } else if (d.type === "record_link") {
        const link = v as { objectType: string; id: string };
        if (!(await RECORD_GETTERS[link.objectType]?.(tenantId, link.id))) fields[`custom.${d.key}`] = "The linked record does not exist.";
      }
    }),
  );
  if (Object.keys(fields).length) throw new ValidationError(`Check the fields: ${Object.keys(fields).join(", ")}.`, fields);
}

// ---- Administration -------------------------------------------------------------------------------

/** A built-in object, or a custom object's type `obj_<key>` (checked to be defined by `assertObjectType`). */
const ObjectTypeInput = z.union([z.enum(OBJECT_TYPES), z.string().regex(/^obj_[a-z][a-z0-9_]{1,30}$/, "Use contact, company, deal, ticket or obj_<object key>.")]);

export const ListQuery = z.strictObject({
  object: ObjectTypeInput.optional(),
  /** Admins see deleted fields too, to restore or purge them. */
  deleted: z.enum(["true", "false"]).optional(),
});

const Default = z.unknown().optional();

export const CreateInput = z.strictObject({
  objectType: ObjectTypeInput,
  key: CustomFieldSchema.Key,
  type: z.enum(FIELD_TYPES),
  labels: CustomFieldSchema.Labels,
  help: CustomFieldSchema.Help.optional(),
  required: z.boolean().default(false),
  default: Default,
  validation: CustomFieldSchema.Validation.optional(),
  searchable: z.boolean().default(false),
  position: z.number().int().min(0).max(100_000).optional(),
});

/** Key, type and object are fixed for the field's life: values and integrations rely on them. */
export const PatchInput = z.strictObject({
  version: z.number().int().positive(),
  labels: CustomFieldSchema.Labels.optional(),
  help: CustomFieldSchema.Help.optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  validation: CustomFieldSchema.Validation.optional(),
  searchable: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

const keyRule = (objectType: string) => `customfield.${objectType}`;

/** A custom object's fields need the object defined in this tenant (and the feature on). */
async function assertObjectType(tenantId: string, objectType: string) {
  if (!objectType.startsWith("obj_")) return;
  await Tenant.requireFeature("customObjects");
  const { data } = await ObjectDefEntity.get({ tenantId, objectKey: objectType.slice(4) }).go();
  if (!data) throw new ValidationError("There is no custom object with this key.", { objectType: "Unknown object." });
}

function assertValid(def: Definition & { searchable?: boolean }, ctx: { region: string }) {
  const problems = CustomFieldSchema.problems(def, ctx);
  if (Object.keys(problems).length) throw new ValidationError(`Check the fields: ${Object.keys(problems).join(", ")}.`, problems);
}

async function limitOf(): Promise<number | null> {
  return Plan.get((await Tenant.current()).plan).limits.customFields;
}

function countOp(tenantId: string, objectType: string, delta: 1 | -1, limit: number | null) {
  return () => {
    const u = CustomFieldCountEntity.update({ tenantId, objectType }).add({ active: delta });
    return delta < 0 || limit === null ? u : u.where((a, op) => `(${op.notExists(a.active)} OR ${op.lt(a.active, limit)})`);
  };
}

/** The definitions of one object (or all), in form order. Every member may read them: forms need them. */
export async function list(raw: unknown) {
  assertScope("settings:read");
  await Tenant.requireFeature("customFields");
  const q = parse(ListQuery, raw ?? {});
  const entry = await loadEntry(useTenant());
  // A field the layout hides from the reader's role is left out, as it is from their records.
  const all = entry.items
    .filter((d) => (!q.object || d.objectType === q.object) && (q.deleted === "true" || CustomFieldSchema.isActive(d as Definition)))
    .filter((d) => !hiddenKeys(entry.layouts, d.objectType).has(d.key))
    .sort(byPosition);
  return { items: all.map(present), limit: await limitOf() };
}

async function load(fieldId: string): Promise<CustomFieldItem> {
  const { data } = await CustomFieldEntity.get({ tenantId: useTenant(), fieldId }).go();
  if (!data) throw new NotFoundError("custom field");
  return data;
}

export async function get(fieldId: string) {
  assertScope("settings:read");
  return present(await load(fieldId));
}

/** Adds a field to an object: its key is unique per object and the plan limits active fields per object. */
export async function create(raw: unknown) {
  assertScope("settings:write");
  await Tenant.requireFeature("customFields");
  const input = parse(CreateInput, raw);
  const ctx = await context();
  assertValid(input as Definition, ctx);
  const tenantId = useTenant();
  await assertObjectType(tenantId, input.objectType);
  const limit = await limitOf();
  const existing = await ofObject(input.objectType, true);
  const at = now().toISOString();
  const item: CustomFieldItem = {
    tenantId, fieldId: newId(), objectType: input.objectType, key: input.key, type: input.type,
    labels: input.labels, help: input.help ?? {}, required: input.required,
    default: CustomFieldSchema.normalizeDefault(input as Definition, ctx), validation: input.validation ?? {},
    searchable: input.searchable, position: input.position ?? (Math.max(0, ...existing.map((d) => d.position + 1))),
    version: 1, createdAt: at, updatedAt: at,
  };
  const shown = present(item);
  try {
    await new Tx(tenantId)
      .add(() => CustomFieldEntity.create(item))
      .add(() => UniqueEntity.create({ tenantId, rule: keyRule(item.objectType), value: item.key, recordId: item.fieldId }),
        () => new ConflictError("Another field of this object has this key.", "custom_field.key_taken", { key: "Taken." }))
      .add(countOp(tenantId, item.objectType, 1, limit), () => Plan.limitReached(`custom fields of ${item.objectType}s (${limit})`))
      .audit({ action: "custom_field.created", recordType: "custom_field", recordId: item.fieldId, after: shown })
      .event("custom_field.created", shown)
      .run();
  } finally {
    invalidate(tenantId);
  }
  return shown;
}

/** Changes labels, help, validation, required, default or position (with the version read; 409 when stale). */
export async function update(fieldId: string, raw: unknown) {
  assertScope("settings:write");
  await Tenant.requireFeature("customFields");
  const input = parse(PatchInput, raw);
  const before = await load(fieldId);
  const { version, ...changes } = input;
  const ctx = await context();
  const next = { ...before, ...changes, labels: changes.labels ?? before.labels } as CustomFieldItem;
  if ("default" in changes) next.default = changes.default;
  assertValid(next as unknown as Definition, ctx);
  const after: CustomFieldItem = { ...next, default: CustomFieldSchema.normalizeDefault(next as unknown as Definition, ctx), version: before.version + 1, updatedAt: now().toISOString() };
  if (after.default === undefined) delete after.default;
  return save(before, after, version, "custom_field.updated");
}

async function save(before: CustomFieldItem, after: CustomFieldItem, version: number, action: string, extra: (tx: Tx) => void = () => {}) {
  const tx = new Tx(before.tenantId).add(
    () => CustomFieldEntity.put(after).where((a, op) => op.eq(a.version, version)),
    () => new ConflictError(),
  );
  extra(tx);
  try {
    await tx
      .audit({ action, recordType: "custom_field", recordId: before.fieldId, before: present(before), after: present(after) })
      .event(action, present(after))
      .run();
  } finally {
    invalidate(before.tenantId);
  }
  return present(after);
}

/** Hides a field from forms and the API; its values stay on the records until it is purged. */
export async function remove(fieldId: string) {
  assertScope("settings:write");
  await Tenant.requireFeature("customFields");
  const before = await load(fieldId);
  if (before.deletedAt) return present(before);
  const after: CustomFieldItem = { ...before, deletedAt: now().toISOString(), version: before.version + 1, updatedAt: now().toISOString() };
  return save(before, after, before.version, "custom_field.deleted", (tx) => tx.add(countOp(before.tenantId, before.objectType, -1, null)));
}

/** Brings a deleted field back with its values (it counts against the plan's limit again). */
export async function restore(fieldId: string) {
  assertScope("settings:write");
  await Tenant.requireFeature("customFields");
  const before = await load(fieldId);
  if (before.purgingAt) throw new ConflictError("The field is being purged.", "custom_field.purging");
  if (!before.deletedAt) return present(before);
  const limit = await limitOf();
  const after: CustomFieldItem = { ...before, version: before.version + 1, updatedAt: now().toISOString() };
  delete after.deletedAt;
  return save(before, after, before.version, "custom_field.restored", (tx) =>
    tx.add(countOp(before.tenantId, before.objectType, 1, limit), () => Plan.limitReached(`custom fields of ${before.objectType}s (${limit})`)));
}

/**
 * Starts removing a field for good: the values leave the records in the background, a chunk at a time
 * (custom-field-purge.ts), then the definition and its key go. Asking again resumes a stalled purge.
 */
export async function purge(fieldId: string) {
  assertScope("settings:write");
  await Tenant.requireFeature("customFields");
  const before = await load(fieldId);
  const at = now().toISOString();
  const after: CustomFieldItem = { ...before, deletedAt: before.deletedAt ?? at, purgingAt: before.purgingAt ?? at, version: before.version + 1, updatedAt: at };
  return save(before, after, before.version, "custom_field.purge_started", (tx) => {
    if (!before.deletedAt) tx.add(countOp(before.tenantId, before.objectType, -1, null));
  });
}

/** Removes the definition and frees its key once no record holds a value (the purge's last step). */
export async function finishPurge(field: CustomFieldItem) {
  const tenantId = field.tenantId;
  try {
    await new Tx(tenantId)
      .add(() => CustomFieldEntity.delete({ tenantId, fieldId: field.fieldId }).where((a, op) => op.exists(a.purgingAt)), () => new ConflictError())
      .add(() => UniqueEntity.delete({ tenantId, rule: keyRule(field.objectType), value: field.key }))
      .audit({ action: "custom_field.purged", recordType: "custom_field", recordId: field.fieldId, before: present(field) })
      .event("custom_field.purged", { fieldId: field.fieldId, objectType: field.objectType, key: field.key })
      .run();
  } finally {
    invalidate(tenantId);
  }
}

/** Reads a definition without the permission check (the purge runs as the system). */
export async function getUnchecked(fieldId: string): Promise<CustomFieldItem | undefined> {
  const { data } = await CustomFieldEntity.get({ tenantId: useTenant(), fieldId }).go();
  return data ?? undefined;
}

/** Saves how far a purge got, so a stalled purge resumes there. */
export async function savePurgeCursor(field: CustomFieldItem, cursor: string) {
  await CustomFieldEntity.patch({ tenantId: field.tenantId, fieldId: field.fieldId }).set({ purgeCursor: cursor }).go();
  invalidate(field.tenantId);
}
