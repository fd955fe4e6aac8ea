import { EventBus, type StackContext } from "sst/constructs";
import { subscriptions } from "../packages/functions/src/registry";

/** The event bus, with one rule per event subscription of the registry. */
export function Bus({ stack }: StackContext) {
  const bus = new EventBus(stack, "bus");
  for (const sub of subscriptions) {
    if (!("detailType" in sub.on)) continue;
    bus.addRules(stack, {
      [sub.name]: { pattern: { source: ["crm"], detailType: sub.on.detailType }, targets: { handler: `packages/functions/src/events/${sub.name}.handler` } },
    });
  }
  return { bus };
}
