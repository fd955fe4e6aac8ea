import type { aws_iam as iam } from "aws-cdk-lib";
import { Cron, type StackContext } from "sst/constructs";
import { subscriptions } from "../packages/functions/src/registry";
import { appFunction, tenantScanPermissions } from "./shared";

/** One EventBridge schedule per scheduled entry of the registry (SLA sweeps, care campaigns, ...). */
export function Jobs(ctx: StackContext) {
  const props = appFunction(ctx);
  const crons: Cron[] = [];
  for (const sub of subscriptions) {
    if (!("schedule" in sub.on)) continue;
    crons.push(
      new Cron(ctx.stack, sub.name, {
        schedule: sub.on.schedule as `rate(${string})`,
        job: {
          function: {
            ...props, handler: "packages/functions/src/subscriber.handler", environment: { ...props.environment, SUBSCRIPTION: sub.name },
            // A whole tenant takes longer than an API request: these get Lambda's 15 minutes.
            ...(sub.tenantScan ? { timeout: 900, permissions: [...(props.permissions as iam.PolicyStatement[]), ...tenantScanPermissions()] } : {}),
          },
        },
      }),
    );
  }
  return { crons };
}
