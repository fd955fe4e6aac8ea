import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { ActivityEntity, type ActivityItem } from "../db/activity";
import { MembershipEntity } from "../db/membership";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { RecordRef } from "./record-ref";

export * as Activity from "./activity";

export const KINDS = ["call", "meeting", "visit", "email"] as const;
/** Activities are with customers: every record type but tickets (those have their conversation). */
const ActivityRecordType = RecordRef.RecordType.exclude(["ticket"]);

const Location = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  address: z.string().trim().max(300).optional(),
});

export const ActivityInput = z.strictObject({
  kind: z.enum(KINDS),
  recordType: ActivityRecordType,
  recordId: Id,
  /** When it happened; now when left out. Not more than a day ahead. */
  at: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
  outcome: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(5000).optional(),
  /** Another member who did it (managers logging for their team); the caller when left out. */
  userId: Id.optional(),
  location: Location.optional(),
});
export const ActivityPatch = z.strictObject({
  version: z.number().int().positive(),
  kind: z.enum(KINDS).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
  outcome: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(5000).optional(),
});

function present(a: ActivityItem) {
  const [recordType, recordId] = a.recordKey.split("#");
  const { recordKey: _k, ...rest } = a;
  return { ...rest, recordType, recordId };
}
export type Activity = ReturnType<typeof present>;

function whenOf(at: string | undefined): string {
  const t = at ? new Date(at) : now();
  if (t.getTime() > now().getTime() + 86400_000) throw new ValidationError("An activity cannot be logged more than a day ahead.", { at: "In the future." });
  return t.toISOString();
}

async function assertMember(userId: string) {
  const { data } = await MembershipEntity.get({ tenantId: useTenant(), userId }).go();
  if (!data) throw new ValidationError("Log the activity for a member of this workspace.", { userId: "Unknown member." });
}

/**
 * Logs a call, meeting, visit or email on a contact, company, deal or lead the caller may see. It goes on
 * the record's timeline and counts towards the person's activity goals (through `activity.logged`).
 */
export async function log(raw: unknown) {
  assertScope("contacts:write");
  const input = parse(ActivityInput, raw);
  await RecordRef.assertVisible(input.recordType, input.recordId);
  const actor = useActor();
  const me = actor.type === "user" ? actor.userId : undefined;
  const userId = input.userId ?? me;
  if (!userId) throw new ValidationError("Say who did it.", { userId: "Required for API keys." });
  if (userId !== me) await assertMember(userId);
  const tenantId = useTenant();
  const at = now().toISOString();
  const item: ActivityItem = {
    tenantId, activityId: newId(), kind: input.kind, at: whenOf(input.at), durationMinutes: input.durationMinutes,
    outcome: input.outcome, notes: input.notes, recordKey: RecordRef.key(input.recordType, input.recordId), userId,
    location: input.location, ownerId: userId, version: 1, createdAt: at, updatedAt: at,
  };
  await new Tx(tenantId)
    .add(() => ActivityEntity.create(item))
    .audit({ action: "activity.logged", recordType: input.recordType, recordId: input.recordId, after: present(item) })
    .event("activity.logged", present(item))
    .run();
  return present(item);
}

async function load(activityId: string): Promise<ActivityItem> {
  const { data } = await ActivityEntity.get({ tenantId: useTenant(), activityId }).go();
  if (!data) throw new NotFoundError("activity");
  const [type, id] = data.recordKey.split("#");
  await RecordRef.assertVisible(type as RecordRef.RecordType, id);
  return data;
}

function assertMine(a: ActivityItem) {
  const actor = useActor();
  const admin = actor.type === "user" && (actor.role === "owner" || actor.role === "admin");
  if (!admin && !(actor.type === "user" && actor.userId === a.userId) && actor.type !== "key") {
    throw new ForbiddenError("Only the person who logged it, or an admin, changes an activity.");
  }
}

export async function update(activityId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(ActivityPatch, raw);
  const before = await load(activityId);
  assertMine(before);
  const { version, ...changes } = input;
  const after: ActivityItem = { ...before, ...changes, at: changes.at ? whenOf(changes.at) : before.at, version: before.version + 1, updatedAt: now().toISOString() };
  const [recordType, recordId] = before.recordKey.split("#");
  await new Tx(before.tenantId)
    .add(() => ActivityEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "activity.updated", recordType, recordId, before: present(before), after: present(after) })
    .event("activity.updated", present(after))
    .run();
  return present(after);
}

export async function remove(activityId: string) {
  assertScope("contacts:write");
  const before = await load(activityId);
  assertMine(before);
  const [recordType, recordId] = before.recordKey.split("#");
  await new Tx(before.tenantId)
    .add(() => ActivityEntity.delete({ tenantId: before.tenantId, activityId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "activity.deleted", recordType, recordId, before: present(before) })
    .event("activity.deleted", present(before))
    .run();
}

export const ListQuery = z.strictObject({
  recordType: ActivityRecordType.optional(),
  recordId: Id.optional(),
  /** A member's activities ("me" for the caller's own); ignored when a record is given. */
  userId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/** A record's activities, or a person's, newest first, optionally within a period. */
export async function list(raw: unknown) {
  assertScope("contacts:read");
  const q = parse(ListQuery, raw ?? {});
  if (!!q.recordType !== !!q.recordId) throw new ValidationError("Give both the record type and id, or neither.", { recordId: "Incomplete." });
  const tenantId = useTenant();
  const actor = useActor();
  let base;
  if (q.recordType) {
    await RecordRef.assertVisible(q.recordType, q.recordId!);
    base = ActivityEntity.query.byRecord({ tenantId, recordKey: RecordRef.key(q.recordType, q.recordId!) });
  } else {
    const userId = !q.userId || q.userId === "me" ? (actor.type === "user" ? actor.userId : "") : q.userId;
    if (!userId) throw new ValidationError("API keys list activities by record or member id.", { userId: "Give a member id." });
    const mayOthers = actor.type === "key" || (actor.type === "user" && actor.role !== "member" && actor.role !== "viewer");
    if (userId !== (actor.type === "user" ? actor.userId : "") && !mayOthers) throw new NotFoundError("member");
    base = ActivityEntity.query.byUser({ tenantId, userId });
  }
  const from = q.from ? new Date(q.from).toISOString() : "0000";
  const to = q.to ? new Date(q.to).toISOString() : "9999";
  const page = await Records.page<ActivityItem>((base as any).between({ at: from }, { at: to }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: page.items.map(present), cursor: page.cursor };
}
