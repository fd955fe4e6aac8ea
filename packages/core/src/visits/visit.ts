import { z } from "zod";
import { useActor, useTenant, assertScope } from "../actor";
import { RecordRef } from "../collab/record-ref";
import { ActivityEntity, type ActivityItem } from "../db/activity";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { Visibility } from "../visibility";
import { VisitRules } from "./visit-rules";

export * as Visit from "./visit";

/**
 * Field visits (外勤签到) are activities of kind `visit`: one record, so a visit is one entry on the customer's
 * timeline (`activity.logged`), counts in the work-efficiency report and the activity goals, and resets the
 * pool's follow-up clock like any logged activity. The visit adds where the phone was, a photo and a check-out.
 */

export const RecordType = z.enum(["company", "contact", "deal"]);

/** What the browser's Geolocation API reports; accuracy is its radius in metres. */
export const Location = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
});

export const CheckInInput = z.strictObject({
  recordType: RecordType,
  recordId: Id,
  /** Left out when the user refused the location or the phone had none: the visit is marked as not located. */
  location: Location.optional(),
  note: z.string().trim().max(5000).optional(),
  outcome: z.string().trim().max(200).optional(),
});

export const CheckOutInput = z.strictObject({
  version: z.number().int().positive(),
  note: z.string().trim().max(5000).optional(),
  outcome: z.string().trim().max(200).optional(),
});

export const ListQuery = z.strictObject({
  /** One rep's visits ("me" for the caller's); everyone the caller may see when left out. */
  userId: z.string().max(64).optional(),
  /** A day in the workspace's time zone; today when left out. */
  day: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(2000).optional(),
});

/** A visit as the API shows it: the activity, with whether it was located and whether it has a photo. */
export function present(a: ActivityItem) {
  const [recordType, recordId] = a.recordKey.split("#");
  const { recordKey: _k, photo, ...rest } = a;
  return {
    ...rest, recordType, recordId, located: !!a.location,
    photo: photo ? { contentType: photo.contentType, size: photo.size, uploadedAt: photo.uploadedAt } : undefined,
  };
}
export type Visit = ReturnType<typeof present>;

/** Checks in at a customer the caller may see: now, here (when the phone said where), for the caller. */
export async function checkIn(raw: unknown) {
  assertScope("contacts:write");
  await Tenant.requireFeature("visits");
  const input = parse(CheckInInput, raw);
  const actor = useActor();
  if (actor.type !== "user") throw new ValidationError("A visit is checked in by the person making it.", { userId: "Sign in as a member." }, "visit.user_required");
  const { title } = await RecordRef.assertVisible(input.recordType, input.recordId);
  const tenantId = useTenant();
  const at = now().toISOString();
  const item: ActivityItem = {
    tenantId, activityId: newId(), kind: "visit", at, outcome: input.outcome, notes: input.note,
    recordKey: RecordRef.key(input.recordType, input.recordId), recordTitle: title.slice(0, 200), userId: actor.userId,
    location: input.location, ownerId: actor.userId, version: 1, createdAt: at, updatedAt: at,
  };
  const out = present(item);
  await new Tx(tenantId)
    .add(() => ActivityEntity.create(item))
    .audit({ action: "activity.logged", recordType: input.recordType, recordId: input.recordId, after: out })
    .event("activity.logged", out)
    .run();
  return out;
}

/**
 * A visit the caller may see: their own, their team's (managers), everyone's (admins, viewers, keys).
 * Another tenant's id, or an activity that is not a visit, answers the same 404.
 */
export async function load(visitId: string): Promise<ActivityItem> {
  assertScope("contacts:read");
  await Tenant.requireFeature("visits");
  const { data } = await ActivityEntity.get({ tenantId: useTenant(), activityId: visitId }).go();
  if (!data || data.kind !== "visit") throw new NotFoundError("visit");
  if (!Visibility.canSee(await Visibility.ownerScope(), { ownerId: data.userId })) throw new NotFoundError("visit");
  return data;
}

export async function get(visitId: string) {
  return present(await load(visitId));
}

/** Throws 403 unless the caller made the visit (or is an admin): only they check out or add its photo. */
export function assertOwn(v: ActivityItem) {
  assertScope("contacts:write");
  const actor = useActor();
  if (!(actor.type === "user" && actor.userId === v.userId) && !(actor.type === "user" && (actor.role === "owner" || actor.role === "admin"))) {
    throw new ForbiddenError("Only the person who made the visit, or an admin, changes it.", "visit.not_yours");
  }
}

/** Writes a changed visit on its version (409 when stale) and tells the counters (`activity.updated`). */
export async function save(before: ActivityItem, after: ActivityItem, action: string, version = before.version) {
  const [recordType, recordId] = before.recordKey.split("#");
  const out = present(after);
  await new Tx(before.tenantId)
    .add(() => ActivityEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action, recordType, recordId, before: present(before), after: out })
    .event("activity.updated", out)
    .run();
  return out;
}

/** Checks out of a visit: its duration is the time since check-in. A visit checks out once. */
export async function checkOut(visitId: string, raw: unknown) {
  const input = parse(CheckOutInput, raw);
  const before = await load(visitId);
  assertOwn(before);
  if (before.checkOutAt) throw new ConflictError("This visit is already checked out.", "visit.checked_out");
  const at = now().toISOString();
  const minutes = VisitRules.durationMinutes(before.at, at) ?? 0;
  const after: ActivityItem = {
    ...before, checkOutAt: at, durationMinutes: minutes,
    notes: input.note ?? before.notes, outcome: input.outcome ?? before.outcome, version: before.version + 1, updatedAt: at,
  };
  return save(before, after, "visit.checked_out", input.version);
}

/** Visits of one day in the workspace's zone, oldest first: one rep's, or all the caller may see. */
export async function list(raw: unknown) {
  assertScope("contacts:read");
  await Tenant.requireFeature("visits");
  const q = parse(ListQuery, raw ?? {});
  const { timeZone } = await Tenant.settings();
  const day = q.day ?? VisitRules.dayOf(now(), timeZone);
  const { from, to } = VisitRules.dayBounds(day, timeZone);
  const tenantId = useTenant();
  const actor = useActor();
  const scope = await Visibility.ownerScope();
  const userId = q.userId === "me" ? (actor.type === "user" ? actor.userId : undefined) : q.userId;
  if (q.userId === "me" && !userId) throw new ValidationError("API keys list visits by member id.", { userId: "Give a member id." });
  // Someone the caller may not see answers like an unknown member.
  if (userId && !Visibility.canSee(scope, { ownerId: userId })) throw new NotFoundError("member");
  type Where = (a: any, op: any) => string;
  const wheres: Where[] = [];
  if (userId) wheres.push((a, op) => op.eq(a.kind, "visit"));
  else if (scope) wheres.push((a, op) => `(${scope.map((id) => op.eq(a.userId, id)).join(" OR ")})`);
  const base = userId
    ? ActivityEntity.query.byUser({ tenantId, userId }).between({ at: from }, { at: to })
    : ActivityEntity.query.byKind({ tenantId, kind: "visit" }).between({ at: from }, { at: to });
  const page = await Records.page<ActivityItem>(base, wheres, { cursor: q.cursor, limit: q.limit, order: "asc" });
  return { day, timeZone, items: page.items.filter((v) => v.at < to).map(present), cursor: page.cursor };
}
