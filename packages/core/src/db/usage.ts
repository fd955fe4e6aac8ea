import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Counters checked against plan limits. Increments are conditional on the limit inside the same
 * transaction as the record, so two concurrent creates can never both pass the last free slot.
 */
export const UsageEntity = new Entity(
  {
    model: { entity: "usage", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      seats: { type: "number", required: true, default: 0 },
      contacts: { type: "number", required: true, default: 0 },
      companies: { type: "number", required: true, default: 0 },
      pipelines: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type UsageItem = EntityItem<typeof UsageEntity>;
export type UsageCounter = "seats" | "contacts" | "companies" | "pipelines";
