export * as ObjectRules from "./object-rules";

/**
 * Pure rules of custom objects: keys, the object type their custom fields live under, which relation
 * values are acceptable, which link items a record needs, and which changes to a definition's relations
 * existing records allow. No I/O.
 */

/** Object keys: a lower-case letter, then 1 to 30 lower-case letters, digits or underscores. */
export const KEY_PATTERN = /^[a-z][a-z0-9_]{1,30}$/;
/** The built-in objects (and the words their routes use); a custom object may not take their names. */
export const RESERVED = ["contact", "company", "deal", "ticket", "lead", "contacts", "companies", "deals", "tickets", "leads"] as const;
export const TARGETS = ["contact", "company", "deal"] as const;
export type Target = (typeof TARGETS)[number];
/** How many records one relation of one record may point at. */
export const MAX_PER_RELATION = 20;
/** How many links one record may hold (each is an item in the record's transaction, 100 at most). */
export const MAX_LINKS = 40;

export interface Relation {
  key: string;
  target: Target;
  many: boolean;
}
export interface Link {
  relationKey: string;
  relatedType: Target;
  relatedId: string;
}

/** The custom-field object type of a custom object: `obj_<key>`. */
export function objectType(key: string): string {
  return `obj_${key}`;
}

/** The object key in a custom-field object type, or null when it names no custom object. */
export function keyOf(type: string): string | null {
  const m = /^obj_(.+)$/.exec(type);
  return m && isKey(m[1]) ? m[1] : null;
}

export function isKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !(RESERVED as readonly string[]).includes(key);
}

/** What is wrong with a record's relation values against the object's relations (by `relations.<key>`). */
export function relationProblems(defs: Relation[], values: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  const byKey = new Map(defs.map((d) => [d.key, d]));
  let total = 0;
  for (const [key, ids] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      out[`relations.${key}`] = "Unknown relation.";
      continue;
    }
    if (new Set(ids).size !== ids.length) out[`relations.${key}`] = "The same record is listed twice.";
    else if (!def.many && ids.length > 1) out[`relations.${key}`] = "This relation takes one record.";
    else if (ids.length > MAX_PER_RELATION) out[`relations.${key}`] = `At most ${MAX_PER_RELATION} records.`;
    total += ids.length;
  }
  if (total > MAX_LINKS && !Object.keys(out).length) out.relations = `At most ${MAX_LINKS} related records in all.`;
  return out;
}

/** The link items a record's relation values call for, in a stable order. */
export function links(defs: Relation[], values: Record<string, string[]> | null | undefined): Link[] {
  const out: Link[] = [];
  for (const def of defs) {
    for (const id of new Set(values?.[def.key] ?? [])) out.push({ relationKey: def.key, relatedType: def.target, relatedId: id });
  }
  return out;
}

const linkId = (l: Link) => `${l.relationKey}#${l.relatedType}#${l.relatedId}`;

/** Which link items to delete and which to put when a record's links go from `before` to `after`. */
export function linkDiff(before: Link[], after: Link[]): { remove: Link[]; add: Link[] } {
  const b = new Set(before.map(linkId));
  const a = new Set(after.map(linkId));
  return { remove: before.filter((l) => !a.has(linkId(l))), add: after.filter((l) => !b.has(linkId(l))) };
}

/** The distinct related records of some links (a record's timeline event lands on each of them). */
export function related(...sets: Link[][]): Array<{ type: Target; id: string }> {
  const seen = new Map<string, { type: Target; id: string }>();
  for (const l of sets.flat()) seen.set(`${l.relatedType}#${l.relatedId}`, { type: l.relatedType, id: l.relatedId });
  return [...seen.values()];
}

/**
 * What is wrong with changing an object's relations from `before` to `after`. Keys are unique. While the
 * object has records, a relation may be added, relabelled or widened to many, but not removed, retargeted
 * or narrowed to one: existing links would point at the wrong thing or break the one-record rule.
 */
export function changeProblems(before: Relation[], after: Relation[], hasRecords: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  after.forEach((r, i) => {
    if (seen.has(r.key)) out[`relations.${i}.key`] = "Another relation has this key.";
    seen.add(r.key);
  });
  if (!hasRecords) return out;
  const next = new Map(after.map((r) => [r.key, r]));
  for (const r of before) {
    const n = next.get(r.key);
    if (!n) out[`relations.${r.key}`] = "The object has records: this relation cannot be removed.";
    else if (n.target !== r.target) out[`relations.${r.key}`] = "The object has records: this relation cannot point at another object.";
    else if (r.many && !n.many) out[`relations.${r.key}`] = "The object has records: this relation cannot go back to one record.";
  }
  return out;
}
