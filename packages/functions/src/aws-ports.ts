import { ImportQueue } from "@crm/core/data/import-queue";
import { setPorts } from "@crm/core/ports";
import { EventBridgePublisher } from "./adapters/event-bridge";
import { S3Blobs } from "./adapters/s3-blobs";
import { SesMailer } from "./adapters/ses-mailer";
import { sqsDispatcher } from "./adapters/sqs-import-queue";

/** Every Lambda entry point uses the AWS adapters of the ports. */
export function useAwsPorts() {
  setPorts({ mailer: new SesMailer(), events: new EventBridgePublisher(), blobs: new S3Blobs() });
  if (process.env.IMPORT_QUEUE_URL) ImportQueue.use(sqsDispatcher());
}
