import { withActor } from "@crm/core/actor";
import type { DomainEvent, EventPublisher } from "@crm/core/ports";
import { rateToMs, type Subscription } from "@crm/functions/registry";

/** The in-process event bus: applies the registry's rules as EventBridge would, after the publisher returns. */
export class LocalBus implements EventPublisher {
  /** `inline` runs the handlers before `publish` returns (tests); otherwise right after, like EventBridge. */
  constructor(private readonly subscriptions: Subscription[], private readonly options: { inline?: boolean } = {}) {}

  async publish(events: DomainEvent[]) {
    const runs: Promise<void>[] = [];
    for (const event of events) {
      for (const sub of this.subscriptions) {
        if (!("detailType" in sub.on) || !sub.on.detailType.includes(event.type)) continue;
        const handler = sub.handler as (e: DomainEvent) => Promise<void>;
        const run = () =>
          withActor({ type: "system", tenantId: event.tenantId, reason: sub.name }, () => handler(event)).catch((err) =>
            console.error(`[bus] ${sub.name} failed on ${event.type}`, err),
          );
        if (this.options.inline) runs.push(run());
        else setImmediate(run);
      }
    }
    await Promise.all(runs);
  }
}

/** The in-process scheduler: runs each scheduled entry of the registry at its rate. */
export function startScheduler(subscriptions: Subscription[], now: () => Date = () => new Date()) {
  const timers: NodeJS.Timeout[] = [];
  for (const sub of subscriptions) {
    if (!("schedule" in sub.on)) continue;
    const handler = sub.handler as (d: Date) => Promise<void>;
    timers.push(
      setInterval(() => {
        withActor({ type: "system", reason: sub.name }, () => handler(now())).catch((err) => console.error(`[scheduler] ${sub.name} failed`, err));
      }, rateToMs(sub.on.schedule)),
    );
  }
  return () => timers.forEach(clearInterval);
}
