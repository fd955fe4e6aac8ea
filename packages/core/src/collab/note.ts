import { z } from "zod";
import { assertScope, isAdmin, useActor, useTenant } from "../actor";
import { MembershipEntity } from "../db/membership";
import { NoteEntity, type NoteItem } from "../db/note";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { RecordRef } from "./record-ref";

export * as Note from "./note";

export const NoteInput = z.strictObject({
  recordType: RecordRef.Type,
  recordId: Id,
  body: z.string().trim().min(1, "Write something.").max(10_000),
  /** Teammates mentioned with @; the editor sends their user ids. */
  mentions: z.array(Id).max(20).optional(),
});
export const NotePatch = z.strictObject({ version: z.number().int().positive(), body: z.string().trim().min(1).max(10_000) });

function present(n: NoteItem) {
  const [recordType, recordId] = n.recordKey.split("#");
  return { noteId: n.noteId, recordType, recordId, body: n.body, mentions: n.mentions ?? [], authorId: n.authorId, version: n.version, createdAt: n.createdAt, updatedAt: n.updatedAt };
}

/** Adds a note to a record the actor can see; mentioned teammates are notified (by the event). */
export async function create(raw: unknown) {
  const input = parse(NoteInput, raw);
  assertScope(RecordRef.scope(input.recordType, "write"));
  const { title } = await RecordRef.assertVisible(input.recordType, input.recordId);
  const tenantId = useTenant();
  const mentions = [...new Set(input.mentions ?? [])];
  const members = await Promise.all(mentions.map((userId) => MembershipEntity.get({ tenantId, userId }).go()));
  const unknown = mentions.filter((_, i) => !members[i].data);
  if (unknown.length) throw new ValidationError("Mention teammates of this workspace only.", { mentions: `Unknown: ${unknown.join(", ")}` });
  const actor = useActor();
  const authorId = actor.type === "user" ? actor.userId : actor.type === "key" ? `key:${actor.keyId}` : "system";
  const at = now().toISOString();
  const item = { tenantId, recordKey: RecordRef.key(input.recordType, input.recordId), noteId: newId(), body: input.body, mentions, authorId, version: 1, createdAt: at, updatedAt: at };
  await new Tx(tenantId)
    .add(() => NoteEntity.create(item))
    .audit({ action: "note.created", recordType: "note", recordId: item.noteId, after: { recordKey: item.recordKey, body: item.body } })
    .event("note.created", { ...present(item), recordTitle: title, excerpt: input.body.slice(0, 200) })
    .run();
  return present(item);
}

async function loadOwn(recordType: string, recordId: string, noteId: string) {
  const tenantId = useTenant();
  const { data } = await NoteEntity.get({ tenantId, recordKey: RecordRef.key(recordType, recordId), noteId }).go();
  if (!data) throw new NotFoundError("note");
  await RecordRef.assertVisible(recordType, recordId);
  const actor = useActor();
  if (!isAdmin() && !(actor.type === "user" && actor.userId === data.authorId)) throw new ForbiddenError("Only the author or an admin can change a note.", "note.not_author");
  return data;
}

export async function update(recordType: string, recordId: string, noteId: string, raw: unknown) {
  const input = parse(NotePatch, raw);
  const before = await loadOwn(recordType, recordId, noteId);
  const after = { ...before, body: input.body, version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(before.tenantId)
    .add(() => NoteEntity.put(after).where((a, op) => op.eq(a.version, input.version)), () => new ConflictError())
    .audit({ action: "note.updated", recordType: "note", recordId: noteId, before: { body: before.body }, after: { body: after.body } })
    .run();
  return present(after);
}

export async function remove(recordType: string, recordId: string, noteId: string) {
  const before = await loadOwn(recordType, recordId, noteId);
  await new Tx(before.tenantId)
    .add(() => NoteEntity.delete({ tenantId: before.tenantId, recordKey: before.recordKey, noteId }))
    .audit({ action: "note.deleted", recordType: "note", recordId: noteId, before: { body: before.body } })
    .event("note.deleted", { noteId, recordKey: before.recordKey })
    .run();
}

export const ListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(2000).optional() });

export async function list(recordType: string, recordId: string, raw: unknown) {
  const q = parse(ListQuery, raw ?? {});
  const type = parse(RecordRef.Type, recordType);
  await RecordRef.assertVisible(type, recordId);
  const page = await Records.page(NoteEntity.query.primary({ tenantId: useTenant(), recordKey: RecordRef.key(type, recordId) }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: (page.items as NoteItem[]).map(present), cursor: page.cursor };
}
