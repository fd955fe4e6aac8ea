import { z } from "zod";
import { memo, useActor, useTenant } from "./actor";
import { MembershipEntity } from "./db/membership";
import { TenantEntity } from "./db/tenant";
import { ValidationError } from "./errors";
import { Visibility } from "./visibility";

export * as Records from "./records";

/** Query parameters every record list accepts. */
export const ListQuery = z.strictObject({
  sort: z.enum(["name", "updated"]).default("name"),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
  q: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  ownerId: z.string().max(64).optional(),
  /** Sync: only records changed after this moment, oldest change first, with a stable cursor. */
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

/**
 * The first moment a sync pull wants (UTC ISO, for a `gte` on the by-update index), or undefined. Paging by `updatedAt` then
 * id ascending is stable: a record changed while an integration pages moves behind the cursor and comes
 * again on a later page, so no change is ever skipped.
 */
export function changedAfter(query: { updatedAfter?: string; q?: string }, also: Record<string, unknown> = {}): string | undefined {
  if (!query.updatedAfter) return undefined;
  const clash = query.q ? "q" : Object.keys(also).find((k) => also[k] !== undefined);
  if (clash) throw new ValidationError(`updatedAfter cannot be combined with ${clash}.`, { updatedAfter: `Not with ${clash}.` });
  // Sort keys continue after the timestamp (`…#id`), so "after t" is "from t + 1 ms" on the index.
  return new Date(new Date(query.updatedAfter).getTime() + 1).toISOString();
}

type Where = (attr: any, op: any) => string;

/** The filters a list applies on top of its index: visibility, tag, owner. */
export function filters(scope: string[] | null, query: { tag?: string; ownerId?: string }): Where[] {
  const out: Where[] = [];
  if (scope) out.push((a, op) => `(${[...scope.map((id) => op.eq(a.ownerId, id)), op.eq(a.shared, true)].join(" OR ")})`);
  if (query.tag) out.push((a, op) => op.contains(a.tags, query.tag));
  if (query.ownerId) out.push((a, op) => op.eq(a.ownerId, query.ownerId));
  return out;
}

/** The same tag and owner filters, for search hits read by id (a search has no index query to filter). */
export function keep(query: { tag?: string; ownerId?: string }) {
  return (item: { tags?: string[] | null; ownerId?: string }) =>
    (!query.tag || (item.tags ?? []).includes(query.tag)) && (!query.ownerId || item.ownerId === query.ownerId);
}

/**
 * Runs an ElectroDB query with the filters and a cursor. DynamoDB rejects a cursor from another query
 * (or another tenant's partition); that is bad input, answered 400, never a 500.
 */
export async function page<T>(query: any, wheres: Where[], opts: { cursor?: string; limit: number; order: "asc" | "desc" }) {
  let q = query;
  for (const w of wheres) q = q.where(w);
  try {
    const res = await q.go({ cursor: opts.cursor ?? null, count: opts.limit, order: opts.order, pages: 20 });
    return { items: res.data as T[], cursor: (res.cursor as string | null) ?? null };
  } catch (err) {
    if (opts.cursor) throw new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
    throw err;
  }
}

/** Items of a batch get, back in the order of `ids` (search relevance); ids not found are dropped. */
export function inOrder<T>(ids: string[], items: T[], idOf: (item: T) => string): T[] {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  return ids.map((id) => byId.get(id)).filter((item): item is T => item !== undefined);
}

/** The owner a new record gets: the one asked for (a member of this tenant) or the acting user. */
export async function resolveOwner(ownerId: string | undefined): Promise<string> {
  const tenantId = useTenant();
  const actor = useActor();
  if (ownerId) {
    const { data } = await memo(`member:${ownerId}`, () => MembershipEntity.get({ tenantId, userId: ownerId }).go());
    if (!data) throw new ValidationError("The owner must be a member of this workspace.", { ownerId: "Unknown member." });
    return ownerId;
  }
  if (actor.type === "user") return actor.userId;
  const { data } = await TenantEntity.get({ tenantId }).go();
  return data!.ownerId;
}

export { Visibility };
