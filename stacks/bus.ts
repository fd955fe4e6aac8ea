import { Duration, aws_iam as iam, aws_sqs as sqs } from "aws-cdk-lib";
import { EventBus, type StackContext } from "sst/constructs";
import { subscriptions } from "../packages/functions/src/registry";
import { appFunction, tenantScanPermissions } from "./shared";

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
        targets: {
          handler: (() => {
            const fn = {
              ...props, handler: "packages/functions/src/subscriber.handler", environment: { ...props.environment, SUBSCRIPTION: sub.name },
              // A whole tenant takes longer than an API request: these get Lambda's 15 minutes.
              ...(sub.tenantScan ? { timeout: 900, permissions: [...(props.permissions as iam.PolicyStatement[]), ...tenantScanPermissions()] } : {}),
            };
            if (!("deadLetterQueue" in sub && sub.deadLetterQueue)) return { function: fn };
            // What cannot be handled lands in a queue, not nowhere: events EventBridge could not hand to the
            // function (target DLQ) and invocations that still failed after Lambda's own retries (function DLQ).
            const dlq = new sqs.Queue(stack, `${sub.name}-dlq`, { retentionPeriod: Duration.days(14), enforceSSL: true });
            return { function: { ...fn, deadLetterQueue: dlq, retryAttempts: 2 }, cdk: { target: { deadLetterQueue: dlq, retryAttempts: 4, maxEventAge: Duration.hours(2) } } };
          })(),
        },
      },
    });
  }
  return { bus };
}
