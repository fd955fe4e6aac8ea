import { withActor } from "@crm/core/actor";
import { type ChunkMessage } from "@crm/core/data/import-queue";
import { ImportRun } from "@crm/core/data/import-run";
import { useAwsPorts } from "./aws-ports";

useAwsPorts();

interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

/**
 * The import worker on AWS: one SQS message is one chunk of one import. A chunk that throws is delivered
 * again (its written rows carry markers, so none is written twice) and after five tries lands in the DLQ.
 */
export async function handler(event: SqsEvent) {
  for (const record of event.Records) {
    const message = JSON.parse(record.body) as ChunkMessage;
    await withActor({ type: "system", tenantId: message.tenantId, reason: `import:${message.importId}` }, () => ImportRun.runChunk(message));
  }
}
