import { z } from "zod";
import { Records } from "../records";
import { FilterScan } from "./scan";
import { SearchPage } from "./search-page";

export * as ListFilter from "./list-filter";

/** The `filter` query parameter of the contact and company lists (and their exports). */
export const FilterParam = z.string().max(8000).optional().describe(
  'A filter as JSON: {"match":"all"|"any","conditions":[{"field","op","value"}]}. Fields: name, email, phone, source, tags, lifecycleStage, ownerId, ' +
  "createdAt, updatedAt, lastActivityAt, healthBand, custom.<key>. Operators by type: text contains/equals/empty/not_empty; number and money between " +
  "{min,max[,currency]}; dates between {from,to}, within_days, older_than_days; select is/is_any_of; multi-select and tags has_any/has_all; checkbox is; " +
  "user is/is_any_of. Applied server-side by a filtered scan; the cursor resumes it. Combines with q (the search's candidates are filtered) " +
  "and with companyId; a page may hold fewer items than asked (`examined` says how many records it evaluated) while `cursor` goes on.",
);

interface ListQuery { filter?: string; q?: string; companyId?: string; tag?: string; ownerId?: string; sort?: "name" | "updated"; order?: "asc" | "desc"; limit: number; cursor?: string }

/** What a list page through the filter or the search answers: `examined` says how many records (or search candidates) this page evaluated. */
export interface Page<T> { items: T[]; cursor: string | null; examined: number }

/** Whether the list goes through this module: a filter, or a search within a company (the search alone pages by relevance in the list). */
export function applies(query: { filter?: string; q?: string; companyId?: string }): boolean {
  return !!query.filter || (!!query.q && !!query.companyId);
}

/**
 * A list page through the filter (the list functions' hook when `applies`). With `q` the search index gives
 * the candidates and the filter, company, tag and owner are checked on their records; with `companyId` the
 * company's contacts are read through their index; otherwise a filtered scan of the whole list. The same
 * pure predicate decides in all three.
 */
export async function page<T>(objectType: FilterScan.ObjectType, query: ListQuery, scope: string[] | null, present: (item: never) => T): Promise<Page<T>> {
  const filter = query.filter
    ? await FilterScan.compile(objectType, await FilterScan.parseFilter(objectType, query.filter))
    : { match: "all" as const, conditions: [] };
  if (query.q) {
    const keep = Records.keep(query);
    const res = await SearchPage.page({
      objectType, q: query.q, filter, scope, limit: query.limit, cursor: query.cursor,
      keep: (i) => keep(i) && (!query.companyId || (i as { companyId?: string }).companyId === query.companyId),
    });
    return { items: res.items.map((i) => present(i as never)), cursor: res.cursor, examined: res.examined };
  }
  const res = await FilterScan.scan({ objectType, filter, scope, sort: query.sort, order: query.order, tag: query.tag, ownerId: query.ownerId, companyId: query.companyId, limit: query.limit, cursor: query.cursor });
  return { items: res.items.map((i) => present(i as never)), cursor: res.cursor, examined: res.scanned };
}
