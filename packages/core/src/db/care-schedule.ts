import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Per contact and campaign: the next occurrence and when it is due (mirrored by an item in the due-time
 * index, queue "care"), the last occurrence sent, and the anchor of one-off triggers (when the deal was
 * won, the last activity). In the contact's partition, so a contact's change replans with one query.
 */
export const CareScheduleEntity = new Entity(
  {
    model: { entity: "careschedule", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      contactId: { type: "string", required: true, readOnly: true },
      campaignId: { type: "string", required: true, readOnly: true },
      /** The next occurrence's civil day and its due instant; absent when none is ahead. */
      occurrence: { type: "string" },
      dueAt: { type: "string" },
      /** The last occurrence sent (or suppressed): the next one is later. */
      lastSent: { type: "string" },
      /** deal_won: when the deal was won; inactivity: the last activity. */
      anchor: { type: "string" },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "contactId"] }, sk: { field: "sk", composite: ["campaignId"] } },
    },
  },
  entityConfig(),
);
export type CareScheduleItem = EntityItem<typeof CareScheduleEntity>;
