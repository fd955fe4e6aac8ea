import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * One care message: its key is the occurrence (campaign, contact, day), so creating it is the claim that
 * makes two overlapping sweeps send once. It is also the send log, listed per campaign newest first.
 */
export const CareSendEntity = new Entity(
  {
    model: { entity: "caresend", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      campaignId: { type: "string", required: true, readOnly: true },
      contactId: { type: "string", required: true, readOnly: true },
      occurrence: { type: "string", required: true, readOnly: true },
      email: { type: "string" },
      language: { type: "string" },
      subject: { type: "string" },
      status: { type: ["sending", "sent", "suppressed", "failed"] as const, required: true },
      error: { type: "string" },
      messageId: { type: "string" },
      at: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "campaignId", "contactId", "occurrence"] }, sk: { field: "sk", composite: [] } },
      byCampaign: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "campaignId"] }, sk: { field: "gsi1sk", composite: ["at", "contactId", "occurrence"] } },
    },
  },
  entityConfig(),
);
export type CareSendItem = EntityItem<typeof CareSendEntity>;
