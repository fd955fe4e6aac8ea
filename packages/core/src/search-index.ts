import { useTenant } from "./actor";
import { CompanyEntity } from "./db/company";
import type { CompanyItem } from "./db/company";
import type { ContactItem } from "./db/contact";
import type { DealItem } from "./db/deal";
import type { TicketItem } from "./db/ticket";
import { CustomField } from "./custom-field";
import { Search } from "./search";

export * as SearchIndex from "./search-index";

/** Custom field definitions as far as search cares; other engineers' fields may add more. */
type SearchableDef = { key: string; type?: string; searchable?: boolean };
const TEXT_TYPES = new Set([undefined, "text", "longText", "long_text", "textarea", "email", "phone", "url"]);

/** The values of custom text fields marked `searchable` (an empty list until fields are defined). */
export async function searchableValues(objectType: string, custom: unknown): Promise<string[]> {
  if (!custom || typeof custom !== "object") return [];
  let defs: SearchableDef[] = [];
  try {
    defs = ((await CustomField.definitions(objectType)) as unknown as SearchableDef[]) ?? [];
  } catch {
    return [];
  }
  const values = custom as Record<string, unknown>;
  return defs
    .filter((d) => d && d.searchable === true && TEXT_TYPES.has(d.type))
    .map((d) => values[d.key])
    .filter((v): v is string => typeof v === "string" && v.trim().length > 0)
    .map((v) => v.slice(0, 100));
}

/** A contact's terms: name (with pinyin), email, phone, its company's name and searchable custom fields. */
export async function contactTerms(c: Pick<ContactItem, "name" | "email" | "phone" | "companyId" | "custom">): Promise<string[]> {
  const [company, custom] = await Promise.all([
    c.companyId ? CompanyEntity.get({ tenantId: useTenant(), companyId: c.companyId }).go().then((r) => r.data?.name) : undefined,
    searchableValues("contact", c.custom),
  ]);
  return Search.terms({ name: c.name, email: c.email ?? undefined, phone: c.phone ?? undefined, extra: [...custom, ...(company ? [company] : [])] });
}

/** A company's terms: name (with pinyin), phone, domain and searchable custom fields. */
export async function companyTerms(c: Pick<CompanyItem, "name" | "phone" | "domain" | "custom">): Promise<string[]> {
  const custom = await searchableValues("company", c.custom);
  return Search.terms({ name: c.name, phone: c.phone ?? undefined, extra: [...(c.domain ? [c.domain] : []), ...custom] });
}

export function dealTerms(d: Pick<DealItem, "title">): string[] {
  return Search.terms({ name: d.title });
}

/** A ticket is found by its subject, its number (`123` or `#123`) and its requester. */
export function ticketTerms(t: Pick<TicketItem, "subject" | "number" | "requesterEmail" | "requesterName">): string[] {
  return Search.terms({ name: t.subject, email: t.requesterEmail ?? undefined, extra: [String(t.number), ...(t.requesterName ? [t.requesterName] : [])] });
}

type Owned = { ownerId: string; shared?: boolean };

/** Index operations for a record going from `before` to `after` (either may be null); none when nothing changed. */
function ops<T extends Owned>(kind: string, id: string, before: T | null, after: T | null, termsOf: (r: T) => string[]) {
  const prev = before ? termsOf(before) : [];
  const next = after ? termsOf(after) : [];
  const same = before && after && before.ownerId === after.ownerId && !!before.shared === !!after.shared && prev.join("\n") === next.join("\n");
  if (same) return [];
  return Search.indexOps(kind, id, prev, next, { ownerId: (after ?? before)!.ownerId, shared: !!(after ?? before)!.shared });
}

/** Index operations for a deal's write (used inside the deal's transaction). */
export function dealOps(before: DealItem | null, after: DealItem | null) {
  return ops("deal", (after ?? before)!.dealId, before, after, dealTerms);
}

/** Index operations for a ticket's write (used inside the ticket's transaction). */
export function ticketOps(before: TicketItem | null, after: TicketItem | null) {
  return ops("ticket", (after ?? before)!.ticketId, before, after, ticketTerms);
}
