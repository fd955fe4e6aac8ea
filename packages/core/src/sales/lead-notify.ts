import { Notification } from "../collab/notification";
import type { DomainEvent } from "../ports";

export * as LeadNotify from "./lead-notify";

/** What `lead.assigned` carries (see Lead.assigned). */
interface Assigned {
  leadId: string;
  name: string;
  companyName: string | null;
  ownerId: string;
  previousOwnerId: string | null;
}

/**
 * A lead given to someone notifies them in the app and by email (by their preferences), unless they gave
 * it to themselves. Keyed by the event, so a redelivered event notifies once.
 */
export async function assigned(event: DomainEvent) {
  const d = event.data as Assigned;
  if (!d.ownerId || d.ownerId === d.previousOwnerId || (event.actor.type === "user" && event.actor.id === d.ownerId)) return;
  const who = d.companyName ? `${d.name} (${d.companyName})` : d.name;
  await Notification.send(d.ownerId, {
    kind: "assigned", sourceId: event.id, link: `/leads/${d.leadId}`,
    title: `新线索分配给您 / Lead assigned to you: ${who}`,
    body: `线索 ${who} 现在由您跟进。 / The lead ${who} is now yours to follow up.`,
  });
}
