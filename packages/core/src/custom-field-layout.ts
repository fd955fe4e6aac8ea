import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { CustomField } from "./custom-field";
import { CustomFieldSchema, OBJECT_TYPES } from "./custom-field-schema";
import { LayoutEntity, type LayoutItem } from "./db/layout";
import { ObjectDefEntity } from "./db/custom-object";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { ObjectRules } from "./objects/object-rules";
import { now } from "./ports";
import { Tenant } from "./tenant";
import { Tx } from "./tx";
import { parse } from "./validation";

export * as Layout from "./custom-field-layout";

/**
 * Layouts (#7 item 3): per object, sections of ordered fields, the quick-entry form's fields, and custom
 * fields hidden from roles. Hiding is enforced by CustomField (hidden values are neither returned to nor
 * accepted from those roles); sections and quick entry are how the forms are drawn. Custom objects
 * (`obj_<key>`) have layouts too: their built-in fields are the name and one `relations.<key>` per relation.
 */

/** Built-in fields a layout may place, per object (custom fields are placed by key). */
export const BUILT_IN: Record<(typeof OBJECT_TYPES)[number], string[]> = {
  contact: ["name", "email", "phone", "title", "companyId", "birthday", "language", "tags", "ownerId", "shared"],
  company: ["name", "domain", "phone", "industry", "tags", "ownerId", "shared"],
  deal: ["title", "amount", "closeDate", "contactId", "companyId", "ownerId", "source", "tags", "shared"],
  ticket: ["subject", "requesterEmail", "requesterName", "text", "priority", "assigneeId", "groupId", "tags"],
};
/** Owners and admins always see everything: they are the ones who arrange it. */
export const HIDEABLE_ROLES = ["manager", "member", "viewer"] as const;

/** A built-in or custom field key, or a custom object's relation as `relations.<key>` (the path its errors name). */
const FieldRef = z.string().regex(/^(?:[a-zA-Z][a-zA-Z0-9_]{0,39}|relations\.[a-z][a-z0-9_]{0,30})$/);
export const Section = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  labels: CustomFieldSchema.Labels,
  fields: z.array(FieldRef).max(300),
});
export const LayoutInput = z.strictObject({
  /** 0 while the object still has the default layout. */
  version: z.number().int().min(0),
  sections: z.array(Section).min(1).max(30),
  quickEntry: z.array(FieldRef).max(100),
  hidden: z.record(CustomFieldSchema.Key, z.array(z.enum(HIDEABLE_ROLES)).max(HIDEABLE_ROLES.length)).default({}),
});

export const LayoutResponse = z.object({
  objectType: z.string(),
  sections: z.array(z.object({ id: z.string(), labels: z.object({ en: z.string(), "zh-CN": z.string() }), fields: z.array(z.string()) })),
  quickEntry: z.array(z.string()),
  hidden: z.record(z.string(), z.array(z.string())),
  version: z.number(),
});

/**
 * The object a layout belongs to and the built-in fields it may place. A custom object must be defined in
 * this tenant: an unknown key, a malformed one and another tenant's all answer the same 404. Checked
 * before the feature, so that answer never depends on whose key it is.
 */
async function objectOf(raw: string): Promise<{ objectType: string; builtIn: string[] }> {
  if ((OBJECT_TYPES as readonly string[]).includes(raw)) {
    await Tenant.requireFeature("customFields");
    return { objectType: raw, builtIn: BUILT_IN[raw as (typeof OBJECT_TYPES)[number]] };
  }
  const key = ObjectRules.keyOf(raw);
  const def = key ? (await ObjectDefEntity.get({ tenantId: useTenant(), objectKey: key }).go()).data : null;
  if (!def) throw new NotFoundError("layout");
  await Tenant.requireFeature("customFields");
  await Tenant.requireFeature("customObjects");
  const relations = (def.relations ?? []) as ObjectRules.Relation[];
  return { objectType: raw, builtIn: ["name", ...relations.map((r) => `relations.${r.key}`)] };
}

function present(objectType: string, l: Pick<LayoutItem, "sections" | "quickEntry" | "hidden" | "version">) {
  return { objectType, sections: l.sections as z.infer<typeof Section>[], quickEntry: l.quickEntry ?? [], hidden: (l.hidden ?? {}) as Record<string, string[]>, version: l.version };
}

/** The layout of an object: the saved one, or the default (every field in one section; required ones on quick entry). */
export async function get(rawObject: string) {
  assertScope("settings:read");
  const { objectType, builtIn } = await objectOf(rawObject);
  return forReader(await layoutWithDefaults(objectType, builtIn), objectType);
}

/** Leaves out what the layout hides from the reader's role (its keys included). */
async function forReader(l: ReturnType<typeof present>, objectType: string) {
  const mine = new Set((await CustomField.visibleDefinitions(objectType)).map((d) => d.key));
  const gone = new Set((await CustomField.definitions(objectType)).map((d) => d.key).filter((k) => !mine.has(k)));
  if (!gone.size) return l;
  return {
    ...l,
    sections: l.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => !gone.has(f)) })),
    quickEntry: l.quickEntry.filter((f) => !gone.has(f)),
    hidden: Object.fromEntries(Object.entries(l.hidden).filter(([k]) => !gone.has(k))),
  };
}

async function layoutWithDefaults(objectType: string, builtIn: string[]) {
  const saved = await CustomField.layoutOf(objectType);
  const defs = await CustomField.definitions(objectType);
  const all = [...builtIn, ...defs.map((d) => d.key)];
  if (saved) {
    // Fields deleted since the layout was saved (a custom field, a relation) leave it, so it can be saved
    // again as read; fields added since go at the end of the last section.
    const known = new Set(all);
    const sections = (saved.sections as z.infer<typeof Section>[]).map((s) => ({ ...s, fields: s.fields.filter((f) => known.has(f)) }));
    const placed = new Set(sections.flatMap((s) => s.fields));
    for (const key of all) if (!placed.has(key)) sections[sections.length - 1].fields.push(key);
    const hidden = Object.fromEntries(Object.entries((saved.hidden ?? {}) as Record<string, string[]>).filter(([k]) => known.has(k)));
    return present(objectType, { ...saved, sections, quickEntry: (saved.quickEntry ?? []).filter((f) => known.has(f)), hidden });
  }
  return present(objectType, {
    sections: [{ id: "main", labels: { en: "Details", "zh-CN": "详细信息" }, fields: all }],
    quickEntry: [builtIn[0], ...defs.filter((d) => d.required).map((d) => d.key)],
    hidden: {},
    version: 0,
  });
}

/** Saves an object's layout (admins), with the version read (0 for the first save); 409 when stale. */
export async function put(rawObject: string, raw: unknown) {
  assertScope("settings:write");
  const input = parse(LayoutInput, raw);
  const { objectType, builtIn } = await objectOf(rawObject);
  const defs = await CustomField.definitions(objectType);
  const custom = new Set(defs.map((d) => d.key));
  const known = new Set([...builtIn, ...custom]);
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  input.sections.forEach((s, i) => s.fields.forEach((f, j) => {
    if (!known.has(f)) fields[`sections.${i}.fields.${j}`] = "Unknown field.";
    else if (seen.has(f)) fields[`sections.${i}.fields.${j}`] = "Placed twice.";
    seen.add(f);
  }));
  if (new Set(input.sections.map((s) => s.id)).size !== input.sections.length) fields.sections = "Section ids must be unique.";
  input.quickEntry.forEach((f, j) => { if (!known.has(f)) fields[`quickEntry.${j}`] = "Unknown field."; });
  for (const key of Object.keys(input.hidden)) if (!custom.has(key)) fields[`hidden.${key}`] = "Only custom fields can be hidden.";
  if (Object.keys(fields).length) throw new ValidationError(`Check the fields: ${Object.keys(fields).join(", ")}.`, fields);

  const tenantId = useTenant();
  const saved = await CustomField.layoutOf(objectType);
  if ((saved?.version ?? 0) !== input.version) throw new ConflictError();
  const at = now().toISOString();
  const hidden = Object.fromEntries(Object.entries(input.hidden).filter(([, roles]) => roles.length).map(([k, roles]) => [k, [...new Set(roles)]]));
  const item: LayoutItem = {
    tenantId, objectType, sections: input.sections, quickEntry: [...new Set(input.quickEntry)], hidden,
    version: input.version + 1, createdAt: saved?.createdAt ?? at, updatedAt: at,
  };
  const shown = present(objectType, item);
  try {
    await new Tx(tenantId)
      .add(
        () => (input.version === 0 ? LayoutEntity.create(item) : LayoutEntity.put(item).where((a, op) => op.eq(a.version, input.version))),
        () => new ConflictError(),
      )
      .audit({ action: "layout.updated", recordType: "layout", recordId: objectType, before: saved ? present(objectType, saved) : null, after: shown })
      .event("layout.updated", shown)
      .run();
  } finally {
    CustomField.invalidate(tenantId);
  }
  return shown;
}
