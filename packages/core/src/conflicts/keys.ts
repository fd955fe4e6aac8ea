import { useTenant } from "../actor";
import { ConflictKeyEntity } from "../db/conflict-key";
import { ConflictNormalize } from "./normalize";

export * as ConflictKeys from "./keys";

export type RecordType = "lead" | "contact" | "company";
/** The fields of a lead, contact or company that conflict keys come from (phone already E.164). */
export interface Keyed { name?: string | null; companyName?: string | null; phone?: string | null; email?: string | null }

export const nameKey = (name: string | null | undefined) => {
  const n = name ? ConflictNormalize.companyName(name) : "";
  return n ? `n:${n.slice(0, 200)}` : null;
};
export const phoneKey = (phone: string | null | undefined) => (phone ? `p:${phone}` : null);
export const emailKey = (email: string | null | undefined) => (email ? `e:${ConflictNormalize.email(email)}` : null);

/**
 * The keys a record is found by. A company by its name and phone; a contact by its phone (its email is
 * found through the contact's unique-email item); a lead by its company name, phone and email.
 */
export function of(type: RecordType, r: Keyed): string[] {
  const keys = type === "company" ? [nameKey(r.name), phoneKey(r.phone)]
    : type === "contact" ? [phoneKey(r.phone)]
    : [nameKey(r.companyName), phoneKey(r.phone), emailKey(r.email)];
  return [...new Set(keys.filter((k): k is string => !!k))];
}

/** Puts and deletes a record's key items so they match `after` (either may be null); for the record's transaction. */
export function ops(type: RecordType, recordId: string, before: Keyed | null, after: Keyed | null): Array<() => object> {
  const tenantId = useTenant();
  const prev = before ? of(type, before) : [];
  const next = after ? of(type, after) : [];
  const out: Array<() => object> = [];
  for (const key of prev) if (!next.includes(key)) out.push(() => ConflictKeyEntity.delete({ tenantId, key, recordType: type, recordId }));
  for (const key of next) if (!prev.includes(key)) out.push(() => ConflictKeyEntity.put({ tenantId, key, recordType: type, recordId }));
  return out;
}
