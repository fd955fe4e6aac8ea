import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * One line of a record's timeline, written by the timeline subscriber from a domain event. The entry id
 * is the event id, so a redelivered event writes the same item again.
 */
export const TimelineEntity = new Entity(
  {
    model: { entity: "timeline", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordKey: { type: "string", required: true, readOnly: true },
      at: { type: "string", required: true, readOnly: true },
      entryId: { type: "string", required: true, readOnly: true },
      type: { type: "string", required: true },
      actorType: { type: "string" },
      actorId: { type: "string" },
      summary: { type: "string" },
      data: { type: "any" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordKey"] }, sk: { field: "sk", composite: ["at", "entryId"] } },
    },
  },
  entityConfig(),
);
export type TimelineItem = EntityItem<typeof TimelineEntity>;
