import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** SLA policies and business-hours calendars of a tenant, both small and read together. */
export const SlaItemEntity = new Entity(
  {
    model: { entity: "slaitem", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      kind: { type: ["policy", "calendar"] as const, required: true, readOnly: true },
      itemId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      data: { type: "any", required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["kind", "itemId"] } },
    },
  },
  entityConfig(),
);
export type SlaItem = EntityItem<typeof SlaItemEntity>;
