import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { DueEntity } from "../db/due";
import { MembershipEntity } from "../db/membership";
import { TaskEntity, type TaskItem } from "../db/task";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { DueSweep } from "../due-sweep";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { Notification } from "./notification";
import { RecordRef } from "./record-ref";

export * as Task from "./task";

export const REMINDER_QUEUE = "task";
const NONE = "-";

export const TaskInput = z.strictObject({
  title: z.string().trim().min(1).max(300),
  notes: z.string().trim().max(5000).optional(),
  dueAt: z.iso.datetime({ offset: true }),
  remindMinutesBefore: z.number().int().min(0).max(7 * 24 * 60).default(15),
  assigneeId: Id.optional(),
  recordType: RecordRef.Type.optional(),
  recordId: Id.optional(),
});
export const TaskPatch = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1).max(300).optional(),
  notes: z.string().trim().max(5000).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  remindMinutesBefore: z.number().int().min(0).max(7 * 24 * 60).optional(),
  assigneeId: Id.optional(),
  status: z.enum(["open", "done"]).optional(),
});

function present(t: TaskItem) {
  const [recordType, recordId] = t.recordKey === NONE ? [null, null] : t.recordKey.split("#");
  const { remindAt: _r, reminderSentFor: _s, recordKey: _k, ...rest } = t;
  return { ...rest, recordType, recordId, overdue: t.status === "open" && t.dueAt < now().toISOString() };
}

function remindAt(dueAt: string, minutes: number) {
  return new Date(Date.parse(dueAt) - minutes * 60_000).toISOString();
}

function reminderOps(tenantId: string, taskId: string, before: TaskItem | null, after: TaskItem | null): Array<() => object> {
  const oldAt = before?.status === "open" ? before.remindAt : undefined;
  const newAt = after?.status === "open" ? after.remindAt : undefined;
  if (oldAt === newAt) return [];
  const ops: Array<() => object> = [];
  if (oldAt) ops.push(() => DueEntity.delete({ queue: REMINDER_QUEUE, dueAt: oldAt, tenantId, recordId: taskId }));
  if (newAt) ops.push(() => DueEntity.put({ queue: REMINDER_QUEUE, dueAt: newAt, tenantId, recordId: taskId }));
  return ops;
}

async function assertAssignee(userId: string) {
  const { data } = await MembershipEntity.get({ tenantId: useTenant(), userId }).go();
  if (!data) throw new ValidationError("Assign the task to a member of this workspace.", { assigneeId: "Unknown member." });
}

/** Creates a task, with a reminder through the scheduler before it is due. */
export async function create(raw: unknown) {
  assertScope("contacts:write");
  const input = parse(TaskInput, raw);
  if (!!input.recordType !== !!input.recordId) throw new ValidationError("Give both the record type and id, or neither.", { recordId: "Incomplete." });
  if (input.recordType) await RecordRef.assertVisible(input.recordType, input.recordId!);
  const actor = useActor();
  const me = actor.type === "user" ? actor.userId : undefined;
  const assigneeId = input.assigneeId ?? me;
  if (!assigneeId) throw new ValidationError("Say who does the task.", { assigneeId: "Required." });
  await assertAssignee(assigneeId);
  const tenantId = useTenant();
  const at = now().toISOString();
  const dueAt = new Date(input.dueAt).toISOString();
  const item: TaskItem = {
    tenantId, taskId: newId(), title: input.title, notes: input.notes, dueAt, remindMinutesBefore: input.remindMinutesBefore,
    remindAt: remindAt(dueAt, input.remindMinutesBefore), assigneeId,
    recordKey: input.recordType ? RecordRef.key(input.recordType, input.recordId!) : NONE, status: "open",
    createdBy: me ?? "system", ownerId: assigneeId, version: 1, createdAt: at, updatedAt: at,
  };
  const tx = new Tx(tenantId).add(() => TaskEntity.create(item));
  for (const op of reminderOps(tenantId, item.taskId, null, item)) tx.add(op);
  await tx.audit({ action: "task.created", recordType: "task", recordId: item.taskId, after: present(item) }).event("task.created", present(item)).run();
  if (assigneeId !== me) await Notification.send(assigneeId, { kind: "task", sourceId: `${item.taskId}.assigned`, title: `新任务 / New task: ${item.title}`, link: "/tasks" });
  return present(item);
}

async function load(taskId: string) {
  const { data } = await TaskEntity.get({ tenantId: useTenant(), taskId }).go();
  if (!data) throw new NotFoundError("task");
  return data;
}

export async function update(taskId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(TaskPatch, raw);
  const before = await load(taskId);
  if (input.assigneeId) await assertAssignee(input.assigneeId);
  const { version, ...changes } = input;
  const dueAt = changes.dueAt ? new Date(changes.dueAt).toISOString() : before.dueAt;
  const remind = changes.remindMinutesBefore ?? before.remindMinutesBefore;
  const after: TaskItem = {
    ...before, ...changes, dueAt, remindMinutesBefore: remind, remindAt: remindAt(dueAt, remind),
    ownerId: changes.assigneeId ?? before.assigneeId,
    completedAt: changes.status === "done" ? before.completedAt ?? now().toISOString() : changes.status === "open" ? undefined : before.completedAt,
    version: before.version + 1, updatedAt: now().toISOString(),
  };
  const tx = new Tx(before.tenantId).add(() => TaskEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const op of reminderOps(before.tenantId, taskId, before, after)) tx.add(op);
  const event = after.status === "done" && before.status !== "done" ? "task.completed" : "task.updated";
  await tx.audit({ action: event, recordType: "task", recordId: taskId, before: present(before), after: present(after) }).event(event, present(after)).run();
  return present(after);
}

export async function remove(taskId: string) {
  assertScope("contacts:write");
  const before = await load(taskId);
  const tx = new Tx(before.tenantId).add(() => TaskEntity.delete({ tenantId: before.tenantId, taskId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const op of reminderOps(before.tenantId, taskId, before, null)) tx.add(op);
  await tx.audit({ action: "task.deleted", recordType: "task", recordId: taskId, before: present(before) }).run();
}

export const ListQuery = z.strictObject({
  assignee: z.string().max(64).default("me"),
  /** A record's tasks (any assignee) instead of one person's. */
  recordType: RecordRef.Type.optional(),
  recordId: Id.optional(),
  status: z.enum(["open", "done"]).default("open"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/** "My tasks" (or a teammate's, or a record's), soonest due first; overdue ones are flagged. */
export async function list(raw: unknown) {
  assertScope("contacts:read");
  const q = parse(ListQuery, raw ?? {});
  if (!!q.recordType !== !!q.recordId) throw new ValidationError("Give both the record type and id, or neither.", { recordId: "Incomplete." });
  if (q.recordType) {
    await RecordRef.assertVisible(q.recordType, q.recordId!);
    const byRecord = TaskEntity.query.byRecord({ tenantId: useTenant(), recordKey: RecordRef.key(q.recordType, q.recordId!) });
    const page = await Records.page(byRecord, [(a, op) => op.eq(a.status, q.status)], { cursor: q.cursor, limit: q.limit, order: q.status === "open" ? "asc" : "desc" });
    return { items: (page.items as TaskItem[]).map(present), cursor: page.cursor };
  }
  const actor = useActor();
  const assigneeId = q.assignee === "me" ? (actor.type === "user" ? actor.userId : "") : q.assignee;
  if (!assigneeId) throw new ValidationError("API keys list tasks by assignee id.", { assignee: "Give a member id." });
  const page = await Records.page(TaskEntity.query.byAssignee({ tenantId: useTenant(), assigneeId, status: q.status }), [], { cursor: q.cursor, limit: q.limit, order: q.status === "open" ? "asc" : "desc" });
  return { items: (page.items as TaskItem[]).map(present), cursor: page.cursor };
}

/**
 * The reminder sweep: for each task whose reminder time has come, one notification to the assignee. The
 * conditional write of `reminderSentFor` decides which of two overlapping sweeps sends it.
 */
export async function sendReminders(at: Date = now()) {
  const { attempted: sent } = await DueSweep.run(REMINDER_QUEUE, at, { batch: 200, concurrency: 4, reason: "task-reminders" }, async (item) => {
    const { data: task } = await TaskEntity.get({ tenantId: item.tenantId, taskId: item.recordId }).go();
    const claim = task && task.status === "open" && task.reminderSentFor !== task.dueAt
      ? await TaskEntity.patch({ tenantId: item.tenantId, taskId: item.recordId }).set({ reminderSentFor: task.dueAt })
          .where((a, op) => `${op.notExists(a.reminderSentFor)} OR ${op.ne(a.reminderSentFor, task.dueAt)}`).go().then(() => true, () => false)
      : false;
    await DueEntity.delete({ queue: REMINDER_QUEUE, dueAt: item.dueAt, tenantId: item.tenantId, recordId: item.recordId }).go();
    if (!claim || !task) return false;
    await Notification.send(task.assigneeId, { kind: "task", sourceId: `${task.taskId}.${task.dueAt}`, title: `任务提醒 / Task due ${task.dueAt.slice(0, 16).replace("T", " ")} UTC: ${task.title}`, link: "/tasks" });
    return true;
  });
  return { sent };
}
