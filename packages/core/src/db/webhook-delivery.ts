import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * One event on its way to one webhook, with every attempt. Its id is the event's id, so an event handled
 * twice (EventBridge delivers at least once) queues one delivery. Lives in the webhook's partition, newest
 * last; expires after the retention below.
 */
export const WebhookDeliveryEntity = new Entity(
  {
    model: { entity: "webhookdelivery", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      webhookId: { type: "string", required: true, readOnly: true },
      deliveryId: { type: "string", required: true, readOnly: true },
      eventType: { type: "string", required: true, readOnly: true },
      /** The exact JSON sent, so retries and redeliveries carry the same bytes (and signature input). */
      body: { type: "string", required: true, readOnly: true },
      status: { type: ["pending", "succeeded", "failed"] as const, required: true },
      attempts: { type: "number", required: true },
      /** When it is due (pending only): the key of its due-time item. */
      nextAttemptAt: { type: "string" },
      /** The token of the runner that claimed the current attempt. */
      claim: { type: "string" },
      /** The 24-hour retry window counts from here: the first queueing, or the last redelivery. */
      retryFrom: { type: "string" },
      lastStatus: { type: "number" },
      lastError: { type: "string" },
      /** Each attempt: when, HTTP status, latency, the start of the response, the error. */
      log: { type: "any" },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "webhookId"] }, sk: { field: "sk", composite: ["deliveryId"] } },
    },
  },
  entityConfig(),
);
export type WebhookDeliveryItem = EntityItem<typeof WebhookDeliveryEntity>;
