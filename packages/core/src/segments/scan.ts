import { useTenant } from "../actor";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { ContactEntity, type ContactItem } from "../db/contact";
import { HealthEntity } from "../db/health";
import { LifecycleActivityEntity } from "../db/lifecycle";
import { CustomField } from "../custom-field";
import { ValidationError } from "../errors";
import { now } from "../ports";
import { Records } from "../records";
import { Tenant } from "../tenant";
import { parse } from "../validation";
import { Filter } from "./filter";

export * as FilterScan from "./scan";

export type ObjectType = "contact" | "company";
export type Item = ContactItem | CompanyItem;

/** Records read per DynamoDB request of a filtered scan. */
const CHUNK = 100;
/** Records a request evaluates at most before it answers with what it has and a cursor that resumes. */
export const SCAN_CAP = 2000;

/** Parses a filter given as JSON text or an object against the object's custom field definitions (400 naming the condition). */
export async function parseFilter(objectType: ObjectType, raw: unknown, fieldName = "filter"): Promise<Filter.Filter> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError("The filter is not valid JSON.", { [fieldName]: "Not valid JSON." });
    }
  }
  const defs = await CustomField.definitions(objectType);
  const r = Filter.schema(defs).safeParse(value);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const i of r.error.issues) fields[[fieldName, ...i.path].join(".")] ??= i.message;
  throw new ValidationError(`Check the filter: ${Object.values(fields).join(" ")}`, fields);
}

/** The compiled filter with the current definitions (deleted fields become `gone`). */
export async function compile(objectType: ObjectType, filter: Filter.Filter): Promise<Filter.Compiled> {
  return Filter.compile(filter, await CustomField.definitions(objectType));
}

function idOf(objectType: ObjectType, item: Item): string {
  return objectType === "contact" ? (item as ContactItem).contactId : (item as CompanyItem).companyId;
}

/** Health band and last activity of a chunk's records, read by key (two batch gets) only when the filter asks. */
export async function healthOf(objectType: ObjectType, items: Item[]) {
  const tenantId = useTenant();
  const keys = items.map((i) => ({ tenantId, recordKey: `${objectType}#${idOf(objectType, i)}` }));
  if (!keys.length) return new Map<string, { band?: string; last?: string }>();
  const [health, activity] = await Promise.all([HealthEntity.get(keys).go(), LifecycleActivityEntity.get(keys).go()]);
  const out = new Map<string, { band?: string; last?: string }>();
  for (const h of health.data) out.set(h.recordKey, { band: h.band, last: (h.aggregates as { lastActivityAt?: string })?.lastActivityAt });
  for (const a of activity.data) {
    const o = out.get(a.recordKey) ?? {};
    if (!o.last || a.lastActivityAt > o.last) o.last = a.lastActivityAt;
    out.set(a.recordKey, o);
  }
  return out;
}

/**
 * The record as the filter sees it. Last activity is the newest of the health aggregates' and the
 * lifecycle subscriber's activity marks (both kept from events), else the record's last update.
 */
export function asFilterRecord(objectType: ObjectType, item: Item, extra?: { band?: string; last?: string }): Filter.FilterRecord {
  const i = item as Item & { source?: string; lifecycleStage?: string };
  return {
    name: i.name, email: (i as ContactItem).email ?? null, phone: (i as ContactItem).phone ?? null, source: i.source ?? null,
    tags: i.tags ?? [], lifecycleStage: i.lifecycleStage ?? "subscriber", ownerId: i.ownerId, healthBand: extra?.band ?? null,
    createdAt: i.createdAt, updatedAt: i.updatedAt, lastActivityAt: extra?.last ?? i.updatedAt,
    custom: CustomField.visible(objectType, i.custom),
  };
}

interface Cursor { c: string | null; s: number }

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decode(raw: string | undefined): Cursor {
  if (!raw) return { c: null, s: 0 };
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString()) as Cursor;
    if ((c.c === null || typeof c.c === "string") && Number.isInteger(c.s) && c.s >= 0 && c.s <= CHUNK) return c;
  } catch {
    // answered below
  }
  throw new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
}

export interface ScanOptions {
  objectType: ObjectType;
  filter: Filter.Compiled;
  /** Owner ids whose records are visible (null: all), as Visibility.ownerScope. */
  scope: string[] | null;
  sort?: "name" | "updated";
  order?: "asc" | "desc";
  tag?: string;
  ownerId?: string;
  /** Contacts only: the company's contacts (its by-company index, by name) instead of the whole list. */
  companyId?: string;
  limit: number;
  cursor?: string;
  /** Evaluate at most this many records (a count may read further than a page). */
  cap?: number;
}

/**
 * A filtered scan of the tenant's partition of one list index (by name or by update): DynamoDB cannot
 * filter on custom values or on health read beside the record, so each chunk of the index is read and
 * evaluated here. It pages until the page is full or the partition ends, evaluating at most `cap` records
 * per call; the cursor names the chunk's start and how many of its records were already evaluated, so a
 * page that fills mid-chunk resumes exactly after its last record (re-reading the chunk by the same key).
 */
export async function scan(o: ScanOptions): Promise<{ items: Item[]; cursor: string | null; scanned: number }> {
  const tenantId = useTenant();
  // The two entities' queries differ in type only; both list a tenant by name and by update.
  const entity: any = o.objectType === "contact" ? ContactEntity : CompanyEntity;
  const index = o.companyId && o.objectType === "contact"
    ? ContactEntity.query.byCompany({ tenantId, companyKey: o.companyId })
    : o.sort === "updated" ? entity.query.byUpdated({ tenantId }) : entity.query.byName({ tenantId });
  const order = o.order ?? (o.sort === "updated" && !o.companyId ? "desc" : "asc");
  const wheres = Records.filters(o.scope, o.tag || o.ownerId ? { tag: o.tag, ownerId: o.ownerId } : {});
  const health = Filter.needsHealth({ match: o.filter.match, conditions: o.filter.conditions });
  const ctx = { now: now(), timeZone: (await Tenant.settings()).timeZone };
  const cap = o.cap ?? SCAN_CAP;
  let { c: start, s: skip } = decode(o.cursor);
  const items: Item[] = [];
  let scanned = 0;
  while (scanned < cap) {
    let q: any = index;
    for (const w of wheres) q = q.where(w);
    let res: { data: Item[]; cursor: string | null };
    try {
      res = await q.go({ cursor: start, limit: CHUNK, pages: 1, order });
    } catch (err) {
      if (start) throw new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
      throw err;
    }
    const extra = health ? await healthOf(o.objectType, res.data.slice(skip)) : undefined;
    for (let i = skip; i < res.data.length; i++) {
      const item = res.data[i];
      scanned++;
      const ok = Filter.matches(asFilterRecord(o.objectType, item, extra?.get(`${o.objectType}#${idOf(o.objectType, item)}`)), o.filter, ctx);
      if (!ok) continue;
      items.push(item);
      if (items.length >= o.limit) {
        const last = i === res.data.length - 1;
        if (last) return { items, cursor: res.cursor ? encode({ c: res.cursor, s: 0 }) : null, scanned };
        return { items, cursor: encode({ c: start, s: i + 1 }), scanned };
      }
    }
    if (!res.cursor) return { items, cursor: null, scanned };
    start = res.cursor;
    skip = 0;
  }
  return { items, cursor: encode({ c: start, s: 0 }), scanned };
}

/**
 * Counts the matching records, evaluating at most `cap` from `cursor` (the start when absent). When records
 * remain, `capped` is true and `cursor` resumes the count where it stopped: a caller adds up the slices for
 * the exact count of any workspace, showing progress on the way.
 */
export async function count(o: Omit<ScanOptions, "limit" | "cursor">, cap = 20_000, from?: string): Promise<{ count: number; capped: boolean; cursor: string | null; scanned: number }> {
  let n = 0;
  let cursor = from;
  let scanned = 0;
  do {
    const res = await scan({ ...o, limit: 10_000, cursor, cap: Math.min(SCAN_CAP, cap - scanned) });
    n += res.items.length;
    scanned += res.scanned;
    cursor = res.cursor ?? undefined;
    if (cursor && scanned >= cap) return { count: n, capped: true, cursor, scanned };
  } while (cursor);
  return { count: n, capped: false, cursor: null, scanned };
}
