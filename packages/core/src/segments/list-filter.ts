import { z } from "zod";
import { ValidationError } from "../errors";
import { FilterScan } from "./scan";

export * as ListFilter from "./list-filter";

/** The `filter` query parameter of the contact and company lists (and their exports). */
export const FilterParam = z.string().max(8000).optional().describe(
  'A filter as JSON: {"match":"all"|"any","conditions":[{"field","op","value"}]}. Fields: name, email, phone, source, tags, lifecycleStage, ownerId, ' +
  "createdAt, updatedAt, lastActivityAt, healthBand, custom.<key>. Operators by type: text contains/equals/empty/not_empty; number and money between " +
  "{min,max[,currency]}; dates between {from,to}, within_days, older_than_days; select is/is_any_of; multi-select and tags has_any/has_all; checkbox is; " +
  "user is/is_any_of. Applied server-side by a filtered scan; the cursor resumes it.",
);

interface ListQuery { filter?: string; q?: string; companyId?: string; tag?: string; ownerId?: string; sort?: "name" | "updated"; order?: "asc" | "desc"; limit: number; cursor?: string }

/** A list page through the filter (the list functions' hook when `filter` is given). */
export async function page<T>(objectType: FilterScan.ObjectType, query: ListQuery, scope: string[] | null, present: (item: never) => T) {
  for (const k of ["q", "companyId"] as const) {
    if (query[k]) throw new ValidationError(`filter cannot be combined with ${k}.`, { filter: `Not with ${k}.` });
  }
  const filter = await FilterScan.compile(objectType, await FilterScan.parseFilter(objectType, query.filter));
  const res = await FilterScan.scan({ objectType, filter, scope, sort: query.sort, order: query.order, tag: query.tag, ownerId: query.ownerId, limit: query.limit, cursor: query.cursor });
  return { items: res.items.map((i) => present(i as never)), cursor: res.cursor };
}
