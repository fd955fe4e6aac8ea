import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { ChunkMessage, Dispatcher } from "@crm/core/data/import-queue";

/** Import chunks as messages on the SQS queue named by IMPORT_QUEUE_URL (read by the import worker). */
export function sqsDispatcher(queueUrl = process.env.IMPORT_QUEUE_URL ?? "", client = new SQSClient({})): Dispatcher {
  return async (message: ChunkMessage) => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  };
}
