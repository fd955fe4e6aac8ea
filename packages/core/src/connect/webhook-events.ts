import { z } from "zod";

export * as WebhookEvents from "./webhook-events";

/**
 * The domain events a webhook can subscribe to: what the modules publish through `Tx.event` (grep
 * `.event(` in packages/core/src), plus those of modules landing alongside (leads, churn, care). Settings
 * events (members, keys, webhooks themselves) are not offered: a webhook about webhooks would loop.
 */
export const EVENT_TYPES = [
  "contact.created", "contact.updated", "contact.deleted", "contact.unsubscribed",
  "company.created", "company.updated", "company.deleted",
  "deal.created", "deal.updated", "deal.deleted", "deal.stage_changed", "deal.won", "deal.lost",
  "pipeline.created", "pipeline.updated", "pipeline.deleted",
  "ticket.created", "ticket.updated", "ticket.replied", "ticket.noted", "ticket.message_received",
  "ticket.sla_warning", "ticket.sla_breached", "ticket.sla_escalated",
  "lead.created", "lead.assigned", "lead.converted",
  "note.created", "note.deleted",
  "task.created", "task.updated", "task.completed",
  "customer.churn_risk",
  "care.sent",
  "approval.requested", "approval.approved", "approval.rejected", "approval.cancelled",
  "segment.created", "segment.updated", "segment.deleted",
  "broadcast.scheduled", "broadcast.sent",
  "marketing_campaign.created", "marketing_campaign.updated", "marketing_campaign.deleted", "marketing_campaign.cost_added", "marketing_campaign.cost_removed",
  "object_record.created", "object_record.updated", "object_record.deleted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Areas (`contact`, `deal`, ...) in the order of the catalogue, for `area.*` patterns and the picker. */
export const AREAS = [...new Set(EVENT_TYPES.map((t) => t.split(".")[0]))];

const KNOWN = new Set<string>([...EVENT_TYPES, ...AREAS.map((a) => `${a}.*`), "*"]);

/** One subscription pattern: an event type, `area.*`, or `*` for every event of the catalogue. */
export const Pattern = z.string().trim().max(64).refine((p) => KNOWN.has(p), { message: "Unknown event type; use one of the catalogue, an area.* pattern or *." });

/** Whether an event of `type` goes to a webhook subscribed with `patterns`. */
export function matches(patterns: readonly string[], type: string): boolean {
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return false;
  const area = type.split(".")[0];
  return patterns.some((p) => p === "*" || p === type || p === `${area}.*`);
}

/** The catalogue as the event picker shows it: each area with its event types. */
export function catalogue() {
  return AREAS.map((area) => ({ area, pattern: `${area}.*`, types: EVENT_TYPES.filter((t) => t.startsWith(`${area}.`)) }));
}
