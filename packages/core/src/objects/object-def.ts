import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { CustomFieldSchema } from "../custom-field-schema";
import { ObjectCountEntity, ObjectDefEntity, type ObjectDefItem } from "../db/custom-object";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { Plan } from "../plan";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { parse } from "../validation";
import { ObjectRules } from "./object-rules";

export * as ObjectDef from "./object-def";

/**
 * Custom object definitions (feature `customObjects`): an admin defines an object's key, labels, name
 * field and relations to contacts, companies and deals; its fields are custom fields of the object type
 * `obj_<key>`. The key is fixed for the object's life (its records, fields and integrations use it).
 * A definition is deleted only while it has no records (409 `object.has_records`): deleting records is
 * a decision users make one record at a time, never a side effect of a settings page.
 */

const Labels = CustomFieldSchema.Labels;
export const Key = z
  .string()
  .regex(ObjectRules.KEY_PATTERN, "Use a lower-case letter, then 1 to 30 lower-case letters, digits or underscores.")
  .refine((k) => ObjectRules.isKey(k), "This name belongs to a built-in object.");
export const Relation = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "Use a lower-case letter, then up to 30 lower-case letters, digits or underscores."),
  labels: Labels,
  target: z.enum(ObjectRules.TARGETS),
  many: z.boolean().default(false),
});
const Fields = {
  labels: z.strictObject({ singular: Labels, plural: Labels }),
  description: z.string().trim().max(1000),
  nameLabel: Labels,
  relations: z.array(Relation).max(10),
};
export const CreateInput = z.strictObject({
  key: Key,
  labels: Fields.labels,
  description: Fields.description.default(""),
  nameLabel: Fields.nameLabel.optional(),
  relations: Fields.relations.default([]),
});
export const PatchInput = z.strictObject({ version: z.number().int().positive(), ...Fields }).partial().required({ version: true });

const LabelsOut = z.object({ en: z.string(), "zh-CN": z.string() });
export const DefResponse = z.object({
  objectKey: z.string(),
  objectType: z.string(),
  labels: z.object({ singular: LabelsOut, plural: LabelsOut }),
  description: z.string(),
  nameLabel: LabelsOut,
  relations: z.array(z.object({ key: z.string(), labels: LabelsOut, target: z.enum(ObjectRules.TARGETS), many: z.boolean() })),
  records: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ListResponse = z.object({ items: z.array(DefResponse), limit: z.number().nullable() });
export type Def = z.infer<typeof DefResponse>;

const DEFAULT_NAME_LABEL = { en: "Name", "zh-CN": "名称" };
const labels = (l: unknown) => ({ en: "", "zh-CN": "", ...(l as object) }) as { en: string; "zh-CN": string };

export function present(d: ObjectDefItem): Def {
  const l = d.labels as { singular: unknown; plural: unknown };
  return {
    objectKey: d.objectKey,
    objectType: ObjectRules.objectType(d.objectKey),
    labels: { singular: labels(l.singular), plural: labels(l.plural) },
    description: d.description ?? "",
    nameLabel: labels(d.nameLabel),
    relations: ((d.relations ?? []) as Array<{ key: string; labels: unknown; target: ObjectRules.Target; many?: boolean }>).map((r) => ({
      key: r.key, labels: labels(r.labels), target: r.target, many: r.many ?? false,
    })),
    records: d.records ?? 0,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

async function limitOf(): Promise<number | null> {
  const limit = Plan.get((await Tenant.current()).plan).limits.customObjects;
  return limit === undefined ? 0 : limit;
}

/**
 * The definition of `objectKey` in the current tenant, without a permission check (records and fields
 * read it). Unknown keys, malformed keys and another tenant's keys all answer the same 404.
 */
export async function load(objectKey: string): Promise<ObjectDefItem> {
  if (!ObjectRules.isKey(objectKey)) throw new NotFoundError("object");
  const { data } = await ObjectDefEntity.get({ tenantId: useTenant(), objectKey }).go();
  if (!data) throw new NotFoundError("object");
  return data;
}

/** Whether the current tenant defines the object of a custom-field object type (`obj_<key>`). */
export async function exists(type: string): Promise<boolean> {
  const key = ObjectRules.keyOf(type);
  if (!key) return false;
  const { data } = await ObjectDefEntity.get({ tenantId: useTenant(), objectKey: key }).go();
  return Boolean(data);
}

/** The tenant's objects, by key. Every member reads them: the nav and related panels need them. */
export async function list() {
  assertScope("settings:read");
  const { data } = await ObjectDefEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return { items: data.map(present), limit: await limitOf() };
}

export async function get(objectKey: string) {
  assertScope("settings:read");
  return present(await load(objectKey));
}

function assertRelations(before: ObjectDefItem["relations"], after: z.infer<typeof Relation>[], hasRecords: boolean) {
  const problems = ObjectRules.changeProblems((before ?? []) as ObjectRules.Relation[], after, hasRecords);
  if (Object.keys(problems).length) {
    const blocked = Object.keys(problems).some((k) => !k.endsWith(".key"));
    if (blocked) throw new ConflictError("The object has records: this change to its relations would break them.", "object.has_records", problems);
    throw new ValidationError(`Check the fields: ${Object.keys(problems).join(", ")}.`, problems);
  }
}

/** Defines an object; its key is unique in the tenant and the plan limits how many objects a tenant has. */
export async function create(raw: unknown) {
  assertScope("settings:write");
  const input = parse(CreateInput, raw);
  assertRelations([], input.relations, false);
  const tenantId = useTenant();
  const limit = await limitOf();
  if (limit !== null && limit <= 0) throw Plan.limitReached(`custom objects (${limit})`);
  const at = now().toISOString();
  const item: ObjectDefItem = {
    tenantId, objectKey: input.key, labels: input.labels, description: input.description, nameLabel: input.nameLabel ?? DEFAULT_NAME_LABEL,
    relations: input.relations, records: 0, version: 1, createdAt: at, updatedAt: at,
  };
  const shown = present(item);
  await new Tx(tenantId)
    .add(() => ObjectDefEntity.create(item), () => new ConflictError("Another object has this key.", "object.key_taken", { key: "Taken." }))
    .add(
      () => {
        const u = ObjectCountEntity.update({ tenantId }).add({ defined: 1 });
        return limit === null ? u : u.where((a, op) => `(${op.notExists(a.defined)} OR ${op.lt(a.defined, limit)})`);
      },
      () => Plan.limitReached(`custom objects (${limit})`),
    )
    .audit({ action: "object.created", recordType: "object", recordId: item.objectKey, after: shown })
    .event("object.created", shown)
    .run();
  return shown;
}

/** Changes labels, description, name label or relations (with the version read; 409 when stale). */
export async function update(objectKey: string, raw: unknown) {
  assertScope("settings:write");
  const input = parse(PatchInput, raw);
  const before = await load(objectKey);
  const { version, ...changes } = input;
  if (changes.relations) assertRelations(before.relations, changes.relations, (before.records ?? 0) > 0);
  const updatedAt = now().toISOString();
  const after = { ...before, ...changes, version: before.version + 1, updatedAt } as ObjectDefItem;
  const shown = present(after);
  await new Tx(before.tenantId)
    // A patch, not a put: the record counter moves under concurrent record writes and must not be overwritten.
    .add(
      () => ObjectDefEntity.patch({ tenantId: before.tenantId, objectKey }).set({ ...changes, version: after.version, updatedAt }).where((a, op) => op.eq(a.version, version)),
      () => new ConflictError(),
    )
    .audit({ action: "object.updated", recordType: "object", recordId: objectKey, before: present(before), after: shown })
    .event("object.updated", shown)
    .run();
  return shown;
}

/** Deletes a definition that has no records (409 `object.has_records` otherwise). Its fields stay defined for a re-created object of the same key. */
export async function remove(objectKey: string): Promise<void> {
  assertScope("settings:write");
  const before = await load(objectKey);
  const hasRecords = () => new DomainError("object.has_records", "Delete the object's records first.", 409);
  if ((before.records ?? 0) > 0) throw hasRecords();
  await new Tx(before.tenantId)
    .add(
      () => ObjectDefEntity.delete({ tenantId: before.tenantId, objectKey }).where((a, op) => `(${op.notExists(a.records)} OR ${op.eq(a.records, 0)})`),
      hasRecords,
    )
    .add(() => ObjectCountEntity.update({ tenantId: before.tenantId }).add({ defined: -1 }))
    .audit({ action: "object.deleted", recordType: "object", recordId: objectKey, before: present(before) })
    .event("object.deleted", { objectKey })
    .run();
}
