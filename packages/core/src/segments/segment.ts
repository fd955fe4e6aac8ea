import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { Company } from "../company";
import { Contact } from "../contact";
import { SegmentEntity, type SegmentItem } from "../db/segment";
import { ConflictError, NotFoundError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Name, parse } from "../validation";
import { Visibility } from "../visibility";
import { FilterShape } from "./filter";
import { FilterScan } from "./scan";

export * as Segment from "./segment";

export const MAX_SEGMENTS = 500;

export const SegmentInput = z.strictObject({
  name: Name,
  objectType: z.enum(["contact", "company"]),
  filter: FilterShape,
  /** Shared with the team; false (the default) keeps it private to its owner. */
  shared: z.boolean().default(false),
});
export const SegmentPatch = z.strictObject({ name: Name, filter: FilterShape, shared: z.boolean(), version: z.number().int().positive() })
  .partial().required({ version: true });
export const MembersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

export const SegmentResponse = z.object({
  segmentId: z.string(), name: z.string(), objectType: z.enum(["contact", "company"]), filter: FilterShape,
  ownerId: z.string(), shared: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const ListCount = z.object({ count: z.number(), capped: z.boolean(), countedAt: z.string() });
export const ListResponse = z.object({ items: z.array(SegmentResponse.extend(ListCount.shape)) });
/**
 * One slice of a count: `count` matches among the `scanned` records evaluated from `cursor`. With `capped`,
 * more records remain and `cursor` continues the count; the whole count is the sum of the slices.
 */
export const CountResponse = ListCount.extend({ cursor: z.string().nullable(), scanned: z.number() });
export const CountQuery = z.strictObject({
  cursor: z.string().max(2000).optional(),
  /** Records evaluated in this request at most (smaller slices answer sooner, for a progress bar). */
  scanLimit: z.coerce.number().int().min(100).max(20_000).default(20_000),
});

export function present(s: SegmentItem) {
  const { tenantId: _t, ...rest } = s;
  return { ...rest, shared: rest.shared ?? false, filter: rest.filter as z.infer<typeof FilterShape> };
}
export type Segment = ReturnType<typeof present>;

/** Private segments are their owner's alone; a key or the system acts for the whole workspace. */
function canSee(s: SegmentItem): boolean {
  const actor = useActor();
  return s.shared === true || actor.type !== "user" || actor.userId === s.ownerId;
}

/** A segment the actor may see, else 404 (another tenant's id and a colleague's private one answer alike). */
export async function load(segmentId: string): Promise<SegmentItem> {
  await Tenant.requireFeature("segments");
  const { data } = await SegmentEntity.get({ tenantId: useTenant(), segmentId }).go();
  if (!data || !canSee(data)) throw new NotFoundError("segment");
  return data;
}

/** Only the owner (or an admin) changes a shared segment; everyone else reads it. */
function assertOwner(s: SegmentItem) {
  const actor = useActor();
  if (actor.type === "user" && actor.userId !== s.ownerId && actor.role !== "owner" && actor.role !== "admin") {
    throw new ConflictError("Only the segment's owner or an admin can change it.", "segment.not_owner");
  }
}

export async function create(raw: unknown): Promise<Segment> {
  assertScope("contacts:write");
  await Tenant.requireFeature("segments");
  const input = parse(SegmentInput, raw);
  const filter = await FilterScan.parseFilter(input.objectType, input.filter);
  const tenantId = useTenant();
  const at = now().toISOString();
  const item: SegmentItem = {
    tenantId, segmentId: newId(), name: input.name, objectType: input.objectType, filter, ownerId: await Records.resolveOwner(undefined),
    shared: input.shared, version: 1, createdAt: at, updatedAt: at,
  };
  const out = present(item);
  await new Tx(tenantId).add(() => SegmentEntity.create(item))
    .audit({ action: "segment.created", recordType: "segment", recordId: item.segmentId, after: out })
    .event("segment.created", out).run();
  return out;
}

export async function get(segmentId: string): Promise<Segment> {
  assertScope("contacts:read");
  return present(await load(segmentId));
}

export async function update(segmentId: string, raw: unknown): Promise<Segment> {
  assertScope("contacts:write");
  const input = parse(SegmentPatch, raw);
  const before = await load(segmentId);
  assertOwner(before);
  const { version, ...changes } = input;
  if (changes.filter) changes.filter = await FilterScan.parseFilter(before.objectType, changes.filter);
  const after: SegmentItem = { ...before, ...changes, version: before.version + 1, updatedAt: now().toISOString() };
  const out = present(after);
  await new Tx(useTenant()).add(() => SegmentEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "segment.updated", recordType: "segment", recordId: segmentId, before: present(before), after: out })
    .event("segment.updated", out).run();
  return out;
}

export async function remove(segmentId: string): Promise<void> {
  assertScope("contacts:write");
  const before = await load(segmentId);
  assertOwner(before);
  const tenantId = useTenant();
  await new Tx(tenantId).add(() => SegmentEntity.delete({ tenantId, segmentId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "segment.deleted", recordType: "segment", recordId: segmentId, before: present(before) })
    .event("segment.deleted", { segmentId }).run();
}

/**
 * The live count of a segment's records the actor can see, evaluated on read a slice at a time: each request
 * evaluates at most `scanLimit` records and, when more remain, answers a cursor that continues the count.
 */
export async function count(segmentId: string, raw: unknown = {}) {
  assertScope("contacts:read");
  const query = parse(CountQuery, raw ?? {});
  const s = await load(segmentId);
  const filter = await FilterScan.compile(s.objectType, s.filter as never);
  const res = await FilterScan.count({ objectType: s.objectType, filter, scope: await Visibility.ownerScope() }, query.scanLimit, query.cursor);
  return { ...res, countedAt: now().toISOString() };
}

/** The segment's records, a page at a time (a filtered scan; the cursor resumes it). */
export async function members(segmentId: string, raw: unknown) {
  assertScope("contacts:read");
  const query = parse(MembersQuery, raw ?? {});
  const s = await load(segmentId);
  const filter = await FilterScan.compile(s.objectType, s.filter as never);
  const res = await FilterScan.scan({ objectType: s.objectType, filter, scope: await Visibility.ownerScope(), limit: query.limit, cursor: query.cursor });
  const present = s.objectType === "contact" ? Contact.present : Company.present;
  return { objectType: s.objectType, items: res.items.map((i) => present(i as never) as Record<string, unknown>), cursor: res.cursor };
}

/** The segments the actor sees (theirs and the shared ones), each with its live count. */
export async function list() {
  assertScope("contacts:read");
  await Tenant.requireFeature("segments");
  const { data } = await SegmentEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  const visible = data.filter(canSee).sort((a, b) => a.name.localeCompare(b.name));
  const scope = await Visibility.ownerScope();
  const countedAt = now().toISOString();
  const items = await Promise.all(visible.map(async (s) => {
    const filter = await FilterScan.compile(s.objectType, s.filter as never);
    const { count, capped } = await FilterScan.count({ objectType: s.objectType, filter, scope }, 5000);
    return { ...present(s), count, capped, countedAt };
  }));
  return { items };
}
