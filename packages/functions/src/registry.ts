import type { DomainEvent } from "@crm/core/ports";
import { SlaSweep } from "@crm/core/service/sla-sweep";
import { CollabSubscribers } from "@crm/core/collab/subscribers";
import { Notification } from "@crm/core/collab/notification";
import { Timeline } from "@crm/core/collab/timeline";
import { Task } from "@crm/core/collab/task";

/**
 * Every subscription of the system, declared once. The bus and jobs stacks make one EventBridge rule or
 * schedule per entry; the local runtime subscribes the same handlers to its in-process bus and timer.
 */
export type Subscription =
  | { name: string; on: { detailType: string[] }; handler: (event: DomainEvent) => Promise<void> }
  | { name: string; on: { schedule: string }; handler: (now: Date) => Promise<void> };

/** Later issues add their handlers here (care campaigns, webhooks, ...). */
export const subscriptions: Subscription[] = [
  { name: "sla-sweep", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await SlaSweep.sweep(now)) },
  { name: "notification-digest", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await Notification.sendDigests(now)) },
  { name: "task-reminders", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await Task.sendReminders(now)) },
  { name: "timeline", on: { detailType: Timeline.EVENT_TYPES }, handler: CollabSubscribers.timeline },
  { name: "notify-mentions", on: { detailType: ["note.created"] }, handler: CollabSubscribers.mentions },
  { name: "notify-tickets", on: { detailType: ["ticket.created", "ticket.updated"] }, handler: CollabSubscribers.ticketAlerts },
];

/** `rate(1 minute)` and friends in milliseconds, for the local timer. */
export function rateToMs(schedule: string): number {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (!m) throw new Error(`Unsupported schedule: ${schedule}`);
  const unit = m[2].startsWith("minute") ? 60_000 : m[2].startsWith("hour") ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}
