import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A saved filter over contacts or companies (segments/filter.ts). Private ones are seen by their owner
 * only, shared ones by the team. A tenant keeps a few hundred at most, so they share the tenant's
 * partition and one query lists them.
 */
export const SegmentEntity = new Entity(
  {
    model: { entity: "segment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      segmentId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      objectType: { type: ["contact", "company"] as const, required: true, readOnly: true },
      /** `{ match, conditions }`, validated against the custom field definitions when saved. */
      filter: { type: "any", required: true },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["segmentId"] } },
    },
  },
  entityConfig(),
);
export type SegmentItem = EntityItem<typeof SegmentEntity>;
