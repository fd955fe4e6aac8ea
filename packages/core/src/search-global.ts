import { z } from "zod";
import { actorScopes, hasScope, useTenant } from "./actor";
import { CompanyEntity } from "./db/company";
import { ContactEntity } from "./db/contact";
import { DealEntity } from "./db/deal";
import { type SearchItem } from "./db/search";
import { TicketEntity } from "./db/ticket";
import type { FeatureKey } from "./plan";
import { Search } from "./search";
import { Tenant } from "./tenant";
import { parse } from "./validation";
import { Visibility } from "./visibility";

export * as SearchGlobal from "./search-global";

export const TYPES = ["contacts", "companies", "deals", "tickets"] as const;
export type HitType = (typeof TYPES)[number];

/** Per type: its index kind, the feature and scope it needs. */
const KINDS: Record<HitType, { kind: string; feature: FeatureKey; scope: string }> = {
  contacts: { kind: "contact", feature: "contacts", scope: "contacts:read" },
  companies: { kind: "company", feature: "companies", scope: "companies:read" },
  deals: { kind: "deal", feature: "deals", scope: "deals:read" },
  tickets: { kind: "ticket", feature: "tickets", scope: "tickets:read" },
};

export const Query = z.strictObject({
  q: z.string().trim().min(1, "Required.").max(100),
  /** Comma-separated subset of contacts,companies,deals,tickets; all by default. */
  types: z
    .string()
    .max(100)
    .optional()
    .refine((v) => !v || v.split(",").every((t) => (TYPES as readonly string[]).includes(t.trim())), "Use contacts, companies, deals or tickets."),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const Hit = z.object({ id: z.string(), name: z.string(), subtitle: z.string().nullable(), link: z.string() });
export const Result = z.object({
  q: z.string(),
  groups: z.object({ contacts: z.array(Hit), companies: z.array(Hit), deals: z.array(Hit), tickets: z.array(Hit) }),
});
export type Hit = z.infer<typeof Hit>;

/** Index pages read per type at most: a member who sees few records still costs a bounded number of reads. */
const MAX_PAGES = 3;

/**
 * The ids of visible records whose terms begin with `term`, best first: an exact term before a longer one,
 * then term order. Reads only the index partition's prefix range, whatever the number of records.
 */
async function idsFor(kind: string, term: string, limit: number, scope: string[] | null): Promise<string[]> {
  const tenantId = useTenant();
  const seen = new Map<string, { exact: boolean; order: number }>();
  let cursor: string | null = null;
  let order = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res: { data: SearchItem[]; cursor: string | null } = await Search.byPrefix(kind, term).go({ limit: limit * 4, cursor });
    for (const item of res.data) {
      if (!Visibility.canSee(scope, item)) continue;
      const hit = seen.get(item.recordId);
      if (!hit) seen.set(item.recordId, { exact: item.term === term, order: order++ });
      else if (item.term === term) hit.exact = true;
    }
    cursor = res.cursor;
    if (!cursor || seen.size >= limit * 2) break;
  }
  return [...seen.entries()]
    .sort((a, b) => Number(b[1].exact) - Number(a[1].exact) || a[1].order - b[1].order)
    .map(([id]) => id)
    .slice(0, limit * 2);
}

async function hitsFor(type: HitType, ids: string[], scope: string[] | null): Promise<Hit[]> {
  if (!ids.length) return [];
  const tenantId = useTenant();
  const byId = <T>(items: T[], id: (t: T) => string) => new Map(items.map((i) => [id(i), i]));
  switch (type) {
    case "contacts": {
      const { data } = await ContactEntity.get(ids.map((contactId) => ({ tenantId, contactId }))).go();
      const m = byId(data, (c) => c.contactId);
      return ids.map((id) => m.get(id)).filter((c) => c && Visibility.canSee(scope, c))
        .map((c) => ({ id: c!.contactId, name: c!.name, subtitle: [c!.title, c!.email ?? c!.phone].filter(Boolean).join(" · ") || null, link: `/contacts/${c!.contactId}` }));
    }
    case "companies": {
      const { data } = await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
      const m = byId(data, (c) => c.companyId);
      return ids.map((id) => m.get(id)).filter((c) => c && Visibility.canSee(scope, c))
        .map((c) => ({ id: c!.companyId, name: c!.name, subtitle: [c!.domain, c!.industry].filter(Boolean).join(" · ") || null, link: `/companies/${c!.companyId}` }));
    }
    case "deals": {
      const { data } = await DealEntity.get(ids.map((dealId) => ({ tenantId, dealId }))).go();
      const m = byId(data, (d) => d.dealId);
      return ids.map((id) => m.get(id)).filter((d) => d && Visibility.canSee(scope, d))
        .map((d) => ({ id: d!.dealId, name: d!.title, subtitle: d!.amount != null ? `${(d!.amount / 100).toFixed(2)} ${d!.currency}` : d!.status, link: `/deals/${d!.dealId}` }));
    }
    case "tickets": {
      const { data } = await TicketEntity.get(ids.map((ticketId) => ({ tenantId, ticketId }))).go();
      const m = byId(data, (t) => t.ticketId);
      return ids.map((id) => m.get(id)).filter((t) => t && Visibility.canSee(scope, t))
        .map((t) => ({ id: t!.ticketId, name: `#${t!.number} ${t!.subject}`, subtitle: t!.requesterName ?? t!.requesterEmail ?? null, link: `/tickets/${t!.ticketId}` }));
    }
  }
}

/**
 * One search box over contacts, companies, deals and tickets: prefix queries on the index items of each
 * type the tenant has (feature) and the actor may read (scope), filtered by record visibility.
 */
export async function search(raw: unknown): Promise<z.infer<typeof Result>> {
  const query = parse(Query, raw ?? {});
  const asked = query.types ? query.types.split(",").map((t) => t.trim() as HitType) : [...TYPES];
  const [features, scope] = await Promise.all([Tenant.features(), Visibility.ownerScope()]);
  const granted = actorScopes();
  const groups: z.infer<typeof Result>["groups"] = { contacts: [], companies: [], deals: [], tickets: [] };
  // `#123` finds ticket 123; everything else is matched as typed (digits for phone-like input).
  const term = Search.queryTerm(query.q.replace(/^#(?=\d)/, ""));
  if (!term) return { q: query.q, groups };
  await Promise.all(
    asked.map(async (type) => {
      const k = KINDS[type];
      if (!features.includes(k.feature) || !hasScope(granted, k.scope)) return;
      const ids = await idsFor(k.kind, term, query.limit, scope);
      groups[type] = (await hitsFor(type, ids, scope)).slice(0, query.limit);
    }),
  );
  return { q: query.q, groups };
}
