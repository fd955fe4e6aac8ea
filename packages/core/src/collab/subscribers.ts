import { MembershipEntity } from "../db/membership";
import type { DomainEvent } from "../ports";
import { useTenant } from "../actor";
import { Notification } from "./notification";
import { RecordRef } from "./record-ref";
import { Timeline } from "./timeline";

export * as CollabSubscribers from "./subscribers";

type Data = Record<string, unknown>;

export async function timeline(event: DomainEvent) {
  await Timeline.record(event);
}

/** A note's mentions notify each mentioned teammate (not the author). */
export async function mentions(event: DomainEvent) {
  const d = event.data as Data;
  const author = (event.actor.type === "user" && event.actor.id) || "";
  const { data: who } = author ? await MembershipEntity.get({ tenantId: useTenant(), userId: author }).go() : { data: null };
  for (const userId of (d.mentions as string[]) ?? []) {
    if (userId === author) continue;
    await Notification.send(userId, {
      kind: "mention", sourceId: event.id,
      title: `${who?.name ?? "Someone"} 提到了您 / mentioned you: ${d.recordTitle ?? ""}`.trim(),
      body: String(d.excerpt ?? ""), link: RecordRef.path(`${d.recordType}#${d.recordId}`),
    });
  }
}

/** A ticket given to someone new notifies them; SLA warnings and breaches notify the assignee. */
export async function ticketAlerts(event: DomainEvent) {
  const d = event.data as Data;
  const link = `/tickets/${d.ticketId}`;
  if ((event.type === "ticket.created" || event.type === "ticket.updated") && d.assigneeId && d.assigneeId !== d.previousAssigneeId && d.assigneeId !== event.actor.id) {
    await Notification.send(String(d.assigneeId), { kind: "assigned", sourceId: event.id, title: `工单已分配给您 / Ticket assigned to you: #${d.number} ${d.subject ?? ""}`, link });
  }
}
