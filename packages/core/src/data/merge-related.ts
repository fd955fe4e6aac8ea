import { useTenant } from "../actor";
import { ActivityEntity, type ActivityItem } from "../db/activity";
import { ContactEntity, type ContactItem } from "../db/contact";
import { DealEntity, type DealItem } from "../db/deal";
import { NoteEntity, type NoteItem } from "../db/note";
import { TaskEntity, type TaskItem } from "../db/task";
import { TicketEntity, type TicketItem } from "../db/ticket";
import { TimelineEntity, type TimelineItem } from "../db/timeline";
import { ConflictError } from "../errors";
import type { DomainEvent } from "../ports";
import { Search } from "../search";
import { SearchIndex } from "../search-index";
import { Tx } from "../tx";

export * as MergeRelated from "./merge-related";

export const EVENT_TYPES = ["contact.merged", "company.merged"];

type Moved = { notes: number; timeline: number; tasks: number; activities: number; tickets: number; deals: number; contacts: number };

/** Runs `write` in a transaction per item, re-reading on a concurrent change (a few times). */
async function eachWithRetry<T>(items: T[], reread: (item: T) => Promise<T | null>, write: (item: T, tx: Tx) => boolean | Promise<boolean>) {
  for (const first of items) {
    let item: T | null = first;
    for (let attempt = 0; item && attempt < 4; attempt++) {
      const tx = new Tx(useTenant());
      // Nothing to do when the item was moved meanwhile (another delivery of the event).
      if (!(await write(item, tx))) break;
      try {
        await tx.run();
        break;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        item = await reread(item);
      }
    }
  }
}

/** Moves items keyed by their record's partition (notes, timeline entries): a copy under the survivor, then the original goes. */
async function movePartition<T extends { recordKey: string }>(items: T[], to: string, put: (item: T) => object, del: (item: T) => object) {
  for (let i = 0; i < items.length; i += 40) {
    const tx = new Tx(useTenant());
    for (const item of items.slice(i, i + 40)) tx.add(() => put({ ...item, recordKey: to })).add(() => del(item));
    await tx.run();
  }
}

/**
 * Repoints what hung off the merged records to the survivor: notes and timeline entries (copied into the
 * survivor's partition with their times, so both timelines interleave), tasks, logged activities, tickets
 * the merged contact requested (for companies: their contacts' tickets of that company), deals and, for
 * companies, their contacts. Idempotent: a second delivery
 * finds nothing left under the old keys. Care schedules and health scores follow the `*.deleted` events.
 */
export async function onMerged(event: DomainEvent): Promise<void> {
  const d = event.data as { survivorId: string; mergedIds: string[] };
  const object = event.type === "company.merged" ? "company" : "contact";
  for (const id of d.mergedIds) await repoint(object, id, d.survivorId);
}

export async function repoint(object: "contact" | "company", fromId: string, toId: string): Promise<Moved> {
  const tenantId = useTenant();
  const from = `${object}#${fromId}`;
  const to = `${object}#${toId}`;
  const moved: Moved = { notes: 0, timeline: 0, tasks: 0, activities: 0, tickets: 0, deals: 0, contacts: 0 };

  const { data: notes } = await NoteEntity.query.primary({ tenantId, recordKey: from }).go({ pages: "all" });
  await movePartition(notes as NoteItem[], to, (n) => NoteEntity.put(n as NoteItem), (n) => NoteEntity.delete({ tenantId, recordKey: from, noteId: n.noteId }));
  moved.notes = notes.length;

  const { data: entries } = await TimelineEntity.query.primary({ tenantId, recordKey: from }).go({ pages: "all" });
  await movePartition(entries as TimelineItem[], to, (e) => TimelineEntity.put(e as TimelineItem), (e) => TimelineEntity.delete({ tenantId, recordKey: from, at: e.at, entryId: e.entryId }));
  moved.timeline = entries.length;

  const { data: tasks } = await TaskEntity.query.byRecord({ tenantId, recordKey: from }).go({ pages: "all" });
  await eachWithRetry(tasks, async (t) => (await TaskEntity.get({ tenantId, taskId: t.taskId }).go()).data, (t: TaskItem, tx) => {
    if (t.recordKey !== from) return false;
    tx.add(() => TaskEntity.put({ ...t, recordKey: to, version: t.version + 1 }).where((a, op) => op.eq(a.version, t.version)), () => new ConflictError());
    return true;
  });
  moved.tasks = tasks.length;

  const { data: activities } = await ActivityEntity.query.byRecord({ tenantId, recordKey: from }).go({ pages: "all" });
  await eachWithRetry(activities, async (a) => (await ActivityEntity.get({ tenantId, activityId: a.activityId }).go()).data, (a: ActivityItem, tx) => {
    if (a.recordKey !== from) return false;
    tx.add(() => ActivityEntity.put({ ...a, recordKey: to, version: a.version + 1 }).where((x, op) => op.eq(x.version, a.version)), () => new ConflictError());
    return true;
  });
  moved.activities = activities.length;

  if (object === "contact") {
    const { data: tickets } = await TicketEntity.query.byRequester({ tenantId, requesterKey: fromId }).go({ pages: "all" });
    await eachWithRetry(tickets, async (t) => (await TicketEntity.get({ tenantId, ticketId: t.ticketId }).go()).data, (t: TicketItem, tx) => {
      if (t.requesterId !== fromId) return false;
      tx.add(() => TicketEntity.put({ ...t, requesterId: toId, requesterKey: toId, version: t.version + 1 }).where((a, op) => op.eq(a.version, t.version)), () => new ConflictError());
      return true;
    });
    moved.tickets = tickets.length;
  } else {
    const { data: contacts } = await ContactEntity.query.byCompany({ tenantId, companyKey: fromId }).go({ pages: "all" });
    // Tickets carry their requester's company (no index by company): they are found through the company's
    // contacts, before those move, so a second delivery after a failure still finds them.
    for (const c of contacts) {
      const { data: tickets } = await TicketEntity.query.byRequester({ tenantId, requesterKey: c.contactId }).where((a, op) => op.eq(a.companyId, fromId)).go({ pages: "all" });
      await eachWithRetry(tickets, async (t) => (await TicketEntity.get({ tenantId, ticketId: t.ticketId }).go()).data, (t: TicketItem, tx) => {
        if (t.companyId !== fromId) return false;
        tx.add(() => TicketEntity.put({ ...t, companyId: toId, version: t.version + 1 }).where((a, op) => op.eq(a.version, t.version)), () => new ConflictError());
        return true;
      });
      moved.tickets += tickets.length;
    }
    await eachWithRetry(contacts, async (c) => (await ContactEntity.get({ tenantId, contactId: c.contactId }).go()).data, async (c: ContactItem, tx) => {
      if (c.companyId !== fromId) return false;
      const after: ContactItem = { ...c, companyId: toId, companyKey: toId, version: c.version + 1 };
      after.searchTerms = await SearchIndex.contactTerms(after);
      tx.add(() => ContactEntity.put(after).where((a, op) => op.eq(a.version, c.version)), () => new ConflictError());
      for (const op of Search.indexOps("contact", c.contactId, c.searchTerms ?? [], after.searchTerms ?? [], after)) tx.index(op);
      return true;
    });
    moved.contacts = contacts.length;
  }

  // Deals are found by their contact or company index (one query, however many deals the tenant has).
  const field = object === "contact" ? "contactId" : "companyId";
  const { data: deals } = object === "contact"
    ? await DealEntity.query.byContact({ tenantId, contactKey: fromId }).go({ pages: "all" })
    : await DealEntity.query.byCompany({ tenantId, companyKey: fromId }).go({ pages: "all" });
  await eachWithRetry(deals, async (x) => (await DealEntity.get({ tenantId, dealId: x.dealId }).go()).data, (x: DealItem, tx) => {
    if (x[field] !== fromId) return false;
    tx.add(() => DealEntity.put({ ...x, [field]: toId, version: x.version + 1 }).where((a, op) => op.eq(a.version, x.version)), () => new ConflictError());
    return true;
  });
  moved.deals = deals.length;
  return moved;
}
