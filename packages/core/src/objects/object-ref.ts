import { useTenant } from "../actor";
import { ObjectDefEntity, ObjectRecordEntity } from "../db/custom-object";
import { NotFoundError } from "../errors";
import { Tenant } from "../tenant";
import { Id } from "../validation";
import { ObjectDef } from "./object-def";
import { ObjectRules } from "./object-rules";

export * as ObjectRef from "./object-ref";

/**
 * Custom object records as the targets of notes, tasks and timelines (recordType `obj_<key>`). Records of
 * an object are shared customer data: whoever reads the object's records (the `contacts:*` scopes, as
 * the object routes use) reads a record's notes and tasks too.
 */

/** Whether a record type names a custom object (`obj_<key>`), valid key or not: an invalid one is a 404. */
export function isObjectType(type: string): boolean {
  return type.startsWith("obj_");
}

/**
 * The record's name, or 404: an unknown object, a malformed key, another tenant's record and a record of
 * another object all answer the same as a missing one. The plan feature `customObjects` is required.
 */
export async function title(type: string, recordId: string): Promise<string> {
  // A malformed key answers like an unknown object (ObjectDef.load's 404), before the record is looked at.
  const objectKey = ObjectRules.keyOf(type);
  if (!objectKey) throw new NotFoundError("object");
  await Tenant.requireFeature("customObjects");
  await ObjectDef.load(objectKey);
  if (!Id.safeParse(recordId).success) throw new NotFoundError("record");
  const { data } = await ObjectRecordEntity.get({ tenantId: useTenant(), recordId }).go();
  if (!data || data.objectKey !== objectKey) throw new NotFoundError("record");
  return data.name;
}

/** The web app's path of a record: `/objects/<key>/<id>`. */
export function path(type: string, recordId: string): string {
  return `/objects/${ObjectRules.keyOf(type) ?? type.slice(4)}/${recordId}`;
}

export type Labels = { en: string; "zh-CN": string };

/**
 * What a timeline entry of a record event keeps to name the object in the reader's language
 * ("项目 created" / "Project created"): the object's key and its singular labels, read when the entry is
 * written. A definition deleted since leaves the key alone.
 */
export async function timelineData(tenantId: string, objectKey: unknown): Promise<{ objectKey?: string; objectLabel?: Labels }> {
  if (typeof objectKey !== "string" || !ObjectRules.isKey(objectKey)) return {};
  const { data } = await ObjectDefEntity.get({ tenantId, objectKey }).go();
  const singular = (data?.labels as { singular?: Partial<Labels> } | undefined)?.singular;
  if (!singular) return { objectKey };
  return { objectKey, objectLabel: { en: singular.en || singular["zh-CN"] || objectKey, "zh-CN": singular["zh-CN"] || singular.en || objectKey } };
}
