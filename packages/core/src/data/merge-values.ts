export * as MergeValues from "./merge-values";

/** The fields a merge chooses between, per object type; `custom.<key>` names a custom field. */
export const FIELDS = {
  contact: ["name", "email", "phone", "title", "birthday", "language", "externalId", "companyId", "ownerId", "shared"],
  company: ["name", "domain", "phone", "industry", "ownerId", "shared"],
} as const;

type Rec = Record<string, unknown> & { custom?: unknown; tags?: string[] };

const empty = (v: unknown) => v === undefined || v === null || v === "";

/** Field problems of a merge request (unknown field, a source that is not one of the records), or null. */
export function checkFields(object: keyof typeof FIELDS, fields: Record<string, string>, ids: string[]): Record<string, string> | null {
  const problems: Record<string, string> = {};
  const allowed = new Set<string>(FIELDS[object]);
  for (const [field, source] of Object.entries(fields)) {
    const ok = allowed.has(field) || /^custom\.[A-Za-z0-9_]{1,64}$/.test(field);
    if (!ok) problems[`fields.${field}`] = "Not a field that can be merged.";
    else if (!ids.includes(source)) problems[`fields.${field}`] = "Choose the survivor or one of the merged records.";
  }
  return Object.keys(problems).length ? problems : null;
}

/**
 * The survivor's values after a merge: each chosen field from its source record; a field nobody chose
 * keeps the survivor's value, or takes the first merged record's when the survivor has none (so nothing
 * is lost); custom fields likewise, key by key; tags are the union of all.
 */
export function combine(object: keyof typeof FIELDS, survivor: Rec, merged: Rec[], fields: Record<string, string>, get: (id: string) => Rec): Rec {
  const out: Rec = {};
  const all = [survivor, ...merged];
  for (const f of FIELDS[object]) {
    if (fields[f]) out[f] = get(fields[f])[f] ?? undefined;
    else if (empty(survivor[f])) out[f] = merged.map((m) => m[f]).find((v) => !empty(v)) ?? survivor[f] ?? undefined;
    else out[f] = survivor[f];
  }
  const customs = all.map((r) => (r.custom && typeof r.custom === "object" ? (r.custom as Record<string, unknown>) : {}));
  const keys = new Set(customs.flatMap((c) => Object.keys(c)));
  const custom: Record<string, unknown> = {};
  for (const key of keys) {
    const chosen = fields[`custom.${key}`];
    const value = chosen ? (get(chosen).custom as Record<string, unknown> | undefined)?.[key] : customs.map((c) => c[key]).find((v) => !empty(v));
    if (!empty(value)) custom[key] = value;
  }
  out.custom = custom;
  out.tags = [...new Set(all.flatMap((r) => r.tags ?? []))];
  return out;
}
