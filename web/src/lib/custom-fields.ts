import { createResource, type Resource } from "solid-js";
import { call } from "../api";
import { locale } from "../i18n";

/** The custom-fields resource of the API client and the definitions every record form reads. */
export const FIELD_OBJECTS = ["contact", "company", "deal", "ticket"] as const;
/** A built-in object, or a custom object's type `obj_<key>`. */
export type FieldObject = (typeof FIELD_OBJECTS)[number] | `obj_${string}`;
export const FIELD_TYPES = [
  "text", "long_text", "number", "money", "date", "datetime", "single_select", "multi_select",
  "checkbox", "url", "email", "phone", "user", "record_link",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const SEARCHABLE_TYPES: FieldType[] = ["text", "long_text", "email", "phone", "url"];

export interface Labels { en: string; "zh-CN": string }
export interface FieldOption { key: string; labels: Labels }
export interface FieldValidation { min?: number; max?: number; pattern?: string; options?: FieldOption[]; objectTypes?: FieldObject[] }
export interface FieldDef {
  fieldId: string; objectType: FieldObject; key: string; type: FieldType; labels: Labels; help: { en?: string; "zh-CN"?: string };
  required: boolean; default: unknown; validation: FieldValidation; searchable: boolean; position: number;
  deletedAt: string | null; purging: boolean; version: number; createdAt: string; updatedAt: string;
}
export interface FieldInput {
  objectType?: FieldObject; key?: string; type?: FieldType; labels: Labels; help?: { en?: string; "zh-CN"?: string };
  required?: boolean; default?: unknown; validation?: FieldValidation; searchable?: boolean; position?: number;
}

export const fieldsApi = {
  list: (object: FieldObject, deleted = false) =>
    call<{ items: FieldDef[]; limit: number | null }>("GET", `/custom-fields?object=${object}${deleted ? "&deleted=true" : ""}`),
  create: (input: FieldInput) => call<FieldDef>("POST", "/custom-fields", input),
  update: (fieldId: string, input: Partial<FieldInput> & { version: number }) => call<FieldDef>("PATCH", `/custom-fields/${encodeURIComponent(fieldId)}`, input),
  remove: (fieldId: string) => call<FieldDef>("DELETE", `/custom-fields/${encodeURIComponent(fieldId)}`),
  restore: (fieldId: string) => call<FieldDef>("POST", `/custom-fields/${encodeURIComponent(fieldId)}/restore`),
  purge: (fieldId: string) => call<FieldDef>("POST", `/custom-fields/${encodeURIComponent(fieldId)}/purge`),
};

/** Definitions are read once per object and page load; the settings page forgets them after a change. */
const cache = new Map<FieldObject, Promise<FieldDef[]>>();

export function definitionsOf(object: FieldObject): Promise<FieldDef[]> {
  let p = cache.get(object);
  if (!p) {
    // A workspace without the feature has no fields: forms show none instead of an error.
    p = fieldsApi.list(object).then((r) => r.items, () => []);
    cache.set(object, p);
  }
  return p;
}

const layouts = new Map<FieldObject, Promise<Layout | null>>();

/** The object's layout (null without the feature), read once per page load like the definitions. */
export function layoutOf(object: FieldObject): Promise<Layout | null> {
  let p = layouts.get(object);
  if (!p) {
    p = layoutsApi.get(object).catch(() => null);
    layouts.set(object, p);
  }
  return p;
}

export function forgetDefinitions(object?: FieldObject) {
  if (object) {
    cache.delete(object);
    layouts.delete(object);
  } else {
    cache.clear();
    layouts.clear();
  }
}

/**
 * The definitions in the layout's order; `quick` keeps the quick-entry fields (and the required ones,
 * which the API insists on anyway).
 */
export function arrange(defs: FieldDef[], layout: Layout | null, quick = false): FieldDef[] {
  const order = layout ? layout.sections.flatMap((s) => s.fields) : [];
  const rank = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  const sorted = [...defs].sort((a, b) => rank(a.key) - rank(b.key) || a.position - b.position);
  return quick ? sorted.filter((d) => d.required || (layout?.quickEntry ?? []).includes(d.key)) : sorted;
}

/** The active definitions of an object as a resource (empty when `enabled` is false). */
export function useDefinitions(object: () => FieldObject, enabled: () => boolean, quick = false): Resource<FieldDef[]> {
  const [defs] = createResource(
    () => (enabled() ? object() : null),
    async (o) => {
      const [d, l] = await Promise.all([definitionsOf(o as FieldObject), layoutOf(o as FieldObject)]);
      return arrange(d, l, quick);
    },
    { initialValue: [] },
  );
  return defs;
}

/** A label in the current language, the other language when that one is empty. */
export function labelOf(labels: Partial<Labels> | undefined, fallback = ""): string {
  const mine = locale() === "en" ? labels?.en : labels?.["zh-CN"];
  const other = locale() === "en" ? labels?.["zh-CN"] : labels?.en;
  return mine || other || fallback;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * What a form sends as `custom`: on create only the filled values; on update the changed ones, with
 * `null` for a value that was cleared.
 */
export function customPayload(values: Record<string, unknown>, before?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!before) {
    for (const [k, v] of Object.entries(values)) if (!isEmpty(v)) out[k] = v;
    return out;
  }
  for (const k of new Set([...Object.keys(values), ...Object.keys(before)])) {
    const v = values[k];
    if (isEmpty(v)) {
      if (!isEmpty(before[k])) out[k] = null;
    } else if (JSON.stringify(v) !== JSON.stringify(before[k])) out[k] = v;
  }
  return out;
}

export const HIDEABLE_ROLES = ["manager", "member", "viewer"] as const;
export interface LayoutSection { id: string; labels: Labels; fields: string[] }
export interface Layout { objectType: FieldObject; sections: LayoutSection[]; quickEntry: string[]; hidden: Record<string, string[]>; version: number }

export const layoutsApi = {
  get: (object: FieldObject) => call<Layout>("GET", `/layouts/${object}`),
  put: (object: FieldObject, input: Omit<Layout, "objectType">) => call<Layout>("PUT", `/layouts/${object}`, input),
};
