import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A webhook subscription: where to POST which events. The signing secret is kept as is (the sender needs
 * it to sign; it is shown once and never returned by the API). The failure streak decides when the
 * webhook is switched off.
 */
export const WebhookEntity = new Entity(
  {
    model: { entity: "webhook", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      webhookId: { type: "string", required: true, readOnly: true },
      url: { type: "string", required: true },
      description: { type: "string" },
      events: { type: "list", items: { type: "string" }, required: true },
      active: { type: "boolean", required: true },
      secret: { type: "string", required: true },
      secretHint: { type: "string", required: true },
      consecutiveFailures: { type: "number", required: true, default: 0 },
      failingSince: { type: "string" },
      disabledAt: { type: "string" },
      disabledReason: { type: "string" },
      createdBy: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      // A tenant's webhooks are few: one query reads them all, for the list and for each event.
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["webhookId"] } },
    },
  },
  entityConfig(),
);
export type WebhookItem = EntityItem<typeof WebhookEntity>;
