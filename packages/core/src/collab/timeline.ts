import { z } from "zod";
import { useTenant } from "../actor";
import { TimelineEntity, type TimelineItem } from "../db/timeline";
import type { DomainEvent } from "../ports";
import { ObjectRef } from "../objects/object-ref";
import { Records } from "../records";
import { parse } from "../validation";
import { RecordRef } from "./record-ref";

export * as Timeline from "./timeline";

/** The events that appear on timelines, and the records each one belongs to. */
export const EVENT_TYPES = [
  "contact.created", "contact.updated", "company.created", "company.updated",
  "ticket.created", "ticket.updated", "ticket.replied", "ticket.noted", "ticket.message_received",
  "ticket.sla_breached", "note.created", "task.created", "task.completed", "deal.created", "deal.stage_changed", "deal.won", "deal.lost",
  "lead.created", "lead.assigned", "lead.converted",
  "care.sent",
  "activity.logged",
  "pool.added", "pool.claimed", "pool.returned", "pool.assigned", "pool.recycled", "pool.level_changed",
  "contract.created", "contract.updated", "payment.recorded",
  "approval.requested", "approval.approved", "approval.rejected", "approval.cancelled",
  "contract.attachment_added", "contract.attachment_removed",
  "object_record.created", "object_record.updated", "object_record.deleted",
];

type Data = Record<string, unknown>;

function recordsOf(event: DomainEvent): string[] {
  const d = event.data as Data;
  const keys: string[] = [];
  const add = (type: string, id: unknown) => typeof id === "string" && id && keys.push(RecordRef.key(type, id));
  const [area] = event.type.split(".");
  if (area === "contact") add("contact", d.contactId);
  if (area === "company" || area === "pool") add("company", d.companyId);
  if (area === "care") add("contact", d.contactId);
  if (area === "contract" || area === "payment") {
    add("contract", d.contractId);
    add("company", d.companyId);
    add("deal", d.dealId);
  }
  if (area === "ticket") {
    add("ticket", d.ticketId);
    add("contact", d.requesterId);
  }
  if (area === "deal") {
    // Deal events carry the deal under `deal` (stage moves add from/to beside it).
    const deal = ((d.deal as Data | undefined) ?? d) as Data;
    add("deal", deal.dealId);
    add("contact", deal.contactId);
    add("company", deal.companyId);
  }
  if (area === "lead") {
    // A conversion also shows on the contact, company and deal it made.
    add("lead", d.leadId);
    if (event.type === "lead.converted") for (const t of ["contact", "company", "deal"]) add(t, d[`${t}Id`]);
  }
  if ((area === "note" || area === "task" || area === "activity" || area === "approval") && typeof d.recordType === "string") add(d.recordType, d.recordId);
  if (area === "object_record") {
    // A custom object's record (recordType `obj_<key>`) and every contact, company or deal it relates to.
    add(String(d.recordType), d.recordId);
    for (const r of (d.related as Array<{ type: string; id: string }> | undefined) ?? []) add(r.type, r.id);
  }
  return [...new Set(keys)];
}

function summary(event: DomainEvent): string {
  const d = event.data as Data;
  switch (event.type) {
    case "ticket.created":
    case "ticket.replied":
    case "ticket.noted":
    case "ticket.message_received":
      return `#${d.number} ${d.subject ?? ""}`.trim();
    case "ticket.updated":
      return `#${d.number} → ${d.status}`;
    case "note.created":
      return String(d.excerpt ?? "");
    case "activity.logged":
      return [d.kind, d.outcome, d.durationMinutes !== undefined ? `${d.durationMinutes} min` : undefined, d.notes].filter(Boolean).join(" · ");
    default: {
      const deal = d.deal as Data | undefined;
      return String(d.name ?? d.title ?? deal?.title ?? "");
    }
  }
}

/** Writes the event onto the timelines of every record it concerns (idempotent: keyed by the event). */
export async function record(event: DomainEvent): Promise<void> {
  const keys = recordsOf(event);
  // Record events of custom objects name their object ("项目 created") in the reader's language.
  const extra = event.type.startsWith("object_record.") ? await ObjectRef.timelineData(event.tenantId, (event.data as Data).objectKey) : {};
  await Promise.all(
    keys.map((recordKey) =>
      TimelineEntity.put({
        tenantId: event.tenantId, recordKey, at: event.at, entryId: event.id, type: event.type,
        actorType: event.actor.type, actorId: event.actor.id, summary: summary(event).slice(0, 300),
        data: { ...pick(event.data as Data), ...extra },
      }).go(),
    ),
  );
}

function pick(d: Data): Data {
  const out: Data = {};
  for (const k of ["number", "status", "priority", "noteId", "messageId", "mentions", "fromStageId", "toStageId", "amount", "reason", "metric", "activityId", "kind", "outcome", "durationMinutes"]) if (k in d) out[k] = d[k];
  return out;
}

export const ListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(2000).optional() });

/** A record's timeline, newest first, a page at a time. */
export async function list(recordType: string, recordId: string, raw: unknown) {
  const q = parse(ListQuery, raw ?? {});
  const type = parse(RecordRef.RecordType, recordType);
  await RecordRef.assertVisible(type, recordId);
  const page = await Records.page(TimelineEntity.query.primary({ tenantId: useTenant(), recordKey: RecordRef.key(type, recordId) }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return {
    items: (page.items as TimelineItem[]).map(({ type: kind, at, entryId, actorType, actorId, summary: s, data }) => ({ entryId, type: kind, at, actorType, actorId, summary: s, data })),
    cursor: page.cursor,
  };
}
