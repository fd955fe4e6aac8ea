import { Duration, aws_iam as iam, aws_sqs as sqs } from "aws-cdk-lib";
import { Queue, type FunctionProps, type StackContext } from "sst/constructs";
import { appFunction } from "./shared";

/**
 * The chunks of imports: an SQS queue read one message at a time by the import worker, with a dead-letter
 * queue after five failed tries. The API sends chunk 0 when an import starts; the worker sends each next
 * chunk after committing one. Its visibility timeout outlasts the worker's own timeout.
 */
export function importQueue(ctx: StackContext) {
  const { stack } = ctx;
  const dlq = new sqs.Queue(stack, "import-chunks-dlq", { retentionPeriod: Duration.days(14), enforceSSL: true });
  const queue = new Queue(stack, "import-chunks", {
    cdk: { queue: { visibilityTimeout: Duration.minutes(6), enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } } },
  });
  const send = new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] });
  const props = appFunction(ctx);
  queue.addConsumer(stack, {
    function: {
      ...props,
      handler: "packages/functions/src/import-worker.handler",
      // A chunk of 500 rows is 500 transactions: minutes, not the API's 29 seconds.
      timeout: 300,
      environment: { ...props.environment, IMPORT_QUEUE_URL: queue.queueUrl },
      permissions: [...((props.permissions as iam.PolicyStatement[]) ?? []), send],
    },
    cdk: { eventSource: { batchSize: 1 } },
  });
  return { queue, dlq, send };
}

/** A function that starts imports: it knows the queue and may only send to it. */
export function withImportQueue(props: FunctionProps, imports: ReturnType<typeof importQueue>): FunctionProps {
  return {
    ...props,
    environment: { ...props.environment, IMPORT_QUEUE_URL: imports.queue.queueUrl },
    permissions: [...((props.permissions as iam.PolicyStatement[]) ?? []), imports.send],
  };
}
