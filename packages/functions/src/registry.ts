import type { DomainEvent } from "@crm/core/ports";
import { SlaSweep } from "@crm/core/service/sla-sweep";
import { CollabSubscribers } from "@crm/core/collab/subscribers";
import { Notification } from "@crm/core/collab/notification";
import { Timeline } from "@crm/core/collab/timeline";
import { Task } from "@crm/core/collab/task";
import { WebhookDelivery } from "@crm/core/connect/webhook-delivery";
import { WebhookEvents } from "@crm/core/connect/webhook-events";
import { Churn } from "@crm/core/retention/churn";
import { HealthSignals } from "@crm/core/retention/health-signals";
import { LeadNotify } from "@crm/core/sales/lead-notify";
import { GoalActivity } from "@crm/core/sales/goal-activity";
import { GoalCollection } from "@crm/core/sales/goal-collection";
import { EfficiencyCounter } from "@crm/core/reports/efficiency-counter";
import { CarePlan } from "@crm/core/retention/care-plan";
import { CareSweep } from "@crm/core/retention/care-sweep";
import { Lifecycle } from "@crm/core/data/lifecycle";
import { SearchReindex } from "@crm/core/search-reindex";
import { Dedupe } from "@crm/core/data/dedupe";
import { MergeRelated } from "@crm/core/data/merge-related";
import { TenantExport } from "@crm/core/connect/tenant-export";
import { TenantDeletion } from "@crm/core/connect/tenant-deletion";
import { CustomFieldPurge } from "@crm/core/custom-field-purge";
import { Pool } from "@crm/core/pools/pool";
import { Contract } from "@crm/core/contracts/contract";
import { Robot } from "@crm/core/connect/robot";
import { RobotDelivery } from "@crm/core/connect/robot-delivery";
import { BroadcastSweep } from "@crm/core/segments/broadcast-sweep";
import { RoiCounter } from "@crm/core/marketing/roi-counter";

/**
 * Every subscription of the system, declared once. The bus and jobs stacks make one EventBridge rule or
 * schedule per entry; the local runtime subscribes the same handlers to its in-process bus and timer.
 */
export type Subscription =
  | { name: string; on: { detailType: string[] }; handler: (event: DomainEvent) => Promise<void>; /** On AWS: failed invocations go to an SQS dead-letter queue. */ deadLetterQueue?: boolean; /** Tenant-wide data jobs: may Scan the table and list the blob bucket. */ tenantScan?: boolean }
  | { name: string; on: { schedule: string }; handler: (now: Date) => Promise<void>; tenantScan?: boolean };

/** Later issues add their handlers here (care campaigns, webhooks, ...). */
export const subscriptions: Subscription[] = [
  { name: "sla-sweep", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await SlaSweep.sweep(now)) },
  { name: "notification-digest", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await Notification.sendDigests(now)) },
  { name: "task-reminders", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await Task.sendReminders(now)) },
  { name: "timeline", on: { detailType: Timeline.EVENT_TYPES }, handler: CollabSubscribers.timeline },
  { name: "notify-mentions", on: { detailType: ["note.created"] }, handler: CollabSubscribers.mentions },
  { name: "notify-tickets", on: { detailType: ["ticket.created", "ticket.updated"] }, handler: CollabSubscribers.ticketAlerts },
  { name: "webhook-delivery", on: { detailType: [...WebhookEvents.EVENT_TYPES] }, handler: WebhookDelivery.onEvent, deadLetterQueue: true },
  { name: "webhook-retries", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await WebhookDelivery.sweep(now)) },
  { name: "churn-signals", on: { detailType: [...HealthSignals.EVENT_TYPES, ...Churn.FORGET_EVENTS, ...Churn.SCHEDULE_EVENTS] }, handler: Churn.onEvent },
  { name: "churn-alert", on: { detailType: ["customer.churn_risk"] }, handler: Churn.onRisk },
  { name: "churn-recompute", on: { schedule: "rate(1 day)" }, handler: async (now: Date) => void (await Churn.sweep(now)) },
  { name: "notify-leads", on: { detailType: ["lead.assigned"] }, handler: LeadNotify.assigned },
  { name: "goal-activity", on: { detailType: GoalActivity.EVENT_TYPES }, handler: GoalActivity.record },
  { name: "goal-collection", on: { detailType: GoalCollection.EVENT_TYPES }, handler: GoalCollection.record },
  { name: "efficiency-counters", on: { detailType: EfficiencyCounter.EVENT_TYPES }, handler: EfficiencyCounter.record },
  { name: "marketing-roi-counters", on: { detailType: RoiCounter.EVENT_TYPES }, handler: RoiCounter.record },
  // Care messages fall due at a send hour in each tenant's zone, so no single daily cron fits every tenant:
  // a sweep every 15 minutes sends what became due (one query when nothing is), at most 15 minutes late.
  { name: "care-sweep", on: { schedule: "rate(15 minutes)" }, handler: async (now: Date) => void (await CareSweep.sweep(now)) },
  { name: "care-plan", on: { detailType: CarePlan.EVENT_TYPES }, handler: CarePlan.onEvent },
  { name: "lifecycle-moves", on: { detailType: Lifecycle.EVENT_TYPES }, handler: Lifecycle.onEvent },
  // Customers churn after days without activity: an hourly sweep of the due index is precise enough.
  { name: "lifecycle-sweep", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await Lifecycle.sweep(now)) },
  { name: "search-reindex", on: { detailType: [SearchReindex.CHUNK_EVENT] }, handler: SearchReindex.onChunk },
  { name: "dedupe-scan", on: { detailType: [Dedupe.CHUNK_EVENT] }, handler: Dedupe.onChunk },
  { name: "merge-repoint", on: { detailType: MergeRelated.EVENT_TYPES }, handler: MergeRelated.onMerged },
  { name: "custom-field-purge", on: { detailType: CustomFieldPurge.EVENT_TYPES }, handler: CustomFieldPurge.onEvent, deadLetterQueue: true },
  // Tenant export and deletion read the whole tenant (a filtered parallel Scan: see connect/tenant-export-scan.ts).
  { name: "tenant-export", on: { detailType: [TenantExport.REQUESTED] }, handler: TenantExport.onRequested, deadLetterQueue: true, tenantScan: true },
  // Pool customers return after their rules' deadline: the sweep reads the due index (hourly is close enough for day-based rules).
  { name: "pool-rules", on: { detailType: Pool.EVENT_TYPES }, handler: Pool.onEvent },
  { name: "robot-alerts", on: { detailType: [...Robot.EVENT_TYPES] }, handler: Robot.onEvent },
  // Failed robot posts are retried with backoff for a few hours: the sweep reads only the due index.
  { name: "robot-retries", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await RobotDelivery.sweep(now)) },
  // Broadcasts are sent when scheduled, a chunk at a time: a sweep every minute reads the due index (one query when nothing is due).
  { name: "broadcast-sweep", on: { schedule: "rate(1 minute)" }, handler: async (now: Date) => void (await BroadcastSweep.sweep(now)) },
  { name: "contract-reminders", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await Contract.sweep(now)) },
  { name: "pool-recycle", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await Pool.sweep(now)) },
  { name: "tenant-deletion", on: { schedule: "rate(1 hour)" }, handler: async (now: Date) => void (await TenantDeletion.sweep(now)), tenantScan: true },
];

/** `rate(1 minute)` and friends in milliseconds, for the local timer. */
export function rateToMs(schedule: string): number {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (!m) throw new Error(`Unsupported schedule: ${schedule}`);
  const unit = m[2].startsWith("minute") ? 60_000 : m[2].startsWith("hour") ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}
