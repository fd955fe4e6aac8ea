import { withActor } from "@crm/core/actor";
import type { DomainEvent } from "@crm/core/ports";
import { useAwsPorts } from "./aws-ports";
import { subscriptions } from "./registry";

useAwsPorts();

/**
 * One Lambda entry for every registry subscription: the stack sets SUBSCRIPTION to the entry's name.
 * EventBridge rules deliver the event (detail = our DomainEvent); schedules deliver a scheduled event.
 */
export async function handler(event: { "detail-type"?: string; detail?: DomainEvent; time?: string }) {
  const name = process.env.SUBSCRIPTION;
  const sub = subscriptions.find((s) => s.name === name);
  if (!sub) throw new Error(`No subscription named ${name}`);
  if ("schedule" in sub.on) {
    const now = event.time ? new Date(event.time) : new Date();
    return withActor({ type: "system", reason: sub.name }, () => (sub.handler as (d: Date) => Promise<void>)(now));
  }
  const detail = event.detail!;
  return withActor({ type: "system", tenantId: detail.tenantId, reason: sub.name }, () => (sub.handler as (e: DomainEvent) => Promise<void>)(detail));
}
