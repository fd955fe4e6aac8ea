import { EventBus, type StackContext } from "sst/constructs";
import { subscriptions } from "../packages/functions/src/registry";
import { appFunction } from "./shared";

/** The event bus, with one rule per event subscription of the registry. */
export function Bus(ctx: StackContext) {
  const { stack } = ctx;
  const bus = new EventBus(stack, "bus");
  const props = appFunction(ctx, { bus });
  for (const sub of subscriptions) {
    if (!("detailType" in sub.on)) continue;
    bus.addRules(stack, {
      [sub.name]: {
        pattern: { source: ["crm"], detailType: sub.on.detailType },
        targets: { handler: { function: { ...props, handler: "packages/functions/src/subscriber.handler", environment: { ...props.environment, SUBSCRIPTION: sub.name } } } },
      },
    });
  }
  return { bus };
}
