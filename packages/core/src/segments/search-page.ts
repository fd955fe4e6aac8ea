import { useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { ValidationError } from "../errors";
import { now } from "../ports";
import { Search } from "../search";
import { Tenant } from "../tenant";
import { Visibility } from "../visibility";
import { Filter } from "./filter";
import { FilterScan } from "./scan";

export * as SearchPage from "./search-page";

/** Search index items read per DynamoDB request. */
const CHUNK = 100;

/**
 * Whether the index item `term` of a record is the one its hit counts at: a record found by several terms
 * (`zhang` and `zhangwei` for `zh`) has one index item per term, and only the smallest of its terms that
 * start with the query counts. So a page never shows a record twice and the cursor needs no memory of what
 * earlier pages showed. A record none of whose terms start with the query any more (a stale item) never counts.
 */
export function countsAt(term: string, prefix: string, recordTerms: readonly string[] | null | undefined): boolean {
  let first: string | undefined;
  for (const t of recordTerms ?? []) if (t.startsWith(prefix) && (first === undefined || t < first)) first = t;
  return first !== undefined && first === term;
}

interface Cursor { k: "q"; c: string | null; s: number }

function encode(c: Omit<Cursor, "k">): string {
  return Buffer.from(JSON.stringify({ k: "q", ...c })).toString("base64url");
}

function invalid() {
  return new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
}

function decode(raw: string | undefined): Omit<Cursor, "k"> {
  if (!raw) return { c: null, s: 0 };
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString()) as Cursor;
    if (c.k === "q" && (c.c === null || typeof c.c === "string") && Number.isInteger(c.s) && c.s >= 0 && c.s <= CHUNK) return { c: c.c, s: c.s };
  } catch {
    // answered below
  }
  throw invalid();
}

export interface Options {
  objectType: FilterScan.ObjectType;
  q: string;
  filter: Filter.Compiled;
  /** Owner ids whose records are visible (null: all), as Visibility.ownerScope. */
  scope: string[] | null;
  /** Further conditions on the stored record (tag, owner, company). */
  keep?: (item: FilterScan.Item) => boolean;
  limit: number;
  cursor?: string;
  /** Examine at most this many search candidates per call. */
  cap?: number;
}

async function load(objectType: FilterScan.ObjectType, ids: string[]): Promise<Map<string, FilterScan.Item>> {
  const tenantId = useTenant();
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  if (objectType === "contact") {
    const { data } = await ContactEntity.get(unique.map((contactId) => ({ tenantId, contactId }))).go();
    return new Map(data.map((c) => [c.contactId, c]));
  }
  const { data } = await CompanyEntity.get(unique.map((companyId) => ({ tenantId, companyId }))).go();
  return new Map(data.map((c) => [c.companyId, c]));
}

/**
 * A page of search hits that pass a filter: the search index's prefix query gives candidates in term order,
 * a chunk at a time; their records are read by key and the filter (the same pure predicate as the filtered
 * list), visibility and `keep` are applied to them in memory. It pages through candidates until the page is
 * full or they run out, examining at most `cap` per call (then it answers with what it has, maybe nothing,
 * and a cursor that goes on). The cursor names the chunk's start and how many of its items were examined.
 */
export async function page(o: Options): Promise<{ items: FilterScan.Item[]; cursor: string | null; examined: number }> {
  const term = Search.queryTerm(o.q);
  let { c: start, s: skip } = decode(o.cursor);
  if (!term) return { items: [], cursor: null, examined: 0 };
  const tenantId = useTenant();
  const health = Filter.needsHealth({ match: o.filter.match, conditions: o.filter.conditions });
  const ctx = { now: now(), timeZone: (await Tenant.settings()).timeZone };
  const cap = o.cap ?? FilterScan.SCAN_CAP;
  const items: FilterScan.Item[] = [];
  let examined = 0;
  while (examined < cap) {
    let res: { data: Array<{ term: string; recordId: string }>; cursor: string | null };
    try {
      res = await Search.byPrefix(o.objectType, term).go({ cursor: start, limit: CHUNK, pages: 1 });
    } catch (err) {
      if (start) throw invalid();
      throw err;
    }
    const hits = res.data.slice(skip);
    const records = await load(o.objectType, hits.map((h) => h.recordId));
    const counted = new Set(hits.filter((h) => {
      const r = records.get(h.recordId);
      return !!r && countsAt(h.term, term, r.searchTerms) && Visibility.canSee(o.scope, r) && (!o.keep || o.keep(r));
    }));
    const extra = health && counted.size ? await FilterScan.healthOf(o.objectType, [...counted].map((h) => records.get(h.recordId)!)) : undefined;
    for (let i = skip; i < res.data.length; i++) {
      const hit = res.data[i];
      examined++;
      const item = records.get(hit.recordId);
      if (!item || !counted.has(hit)) continue;
      if (!Filter.matches(FilterScan.asFilterRecord(o.objectType, item, extra?.get(`${o.objectType}#${hit.recordId}`)), o.filter, ctx)) continue;
      items.push(item);
      if (items.length >= o.limit) {
        if (i < res.data.length - 1) return { items, cursor: encode({ c: start, s: i + 1 }), examined };
        return { items, cursor: res.cursor ? encode({ c: res.cursor, s: 0 }) : null, examined };
      }
    }
    if (!res.cursor) return { items, cursor: null, examined };
    start = res.cursor;
    skip = 0;
  }
  return { items, cursor: encode({ c: start, s: 0 }), examined };
}
