import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A workspace: its plan, feature switches and defaults. Counters live in `usage` to keep this item cold. */
export const TenantEntity = new Entity(
  {
    model: { entity: "tenant", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      slug: { type: "string", required: true },
      name: { type: "string", required: true },
      plan: { type: "string", required: true },
      /** Optional features the tenant admin switched off (or on, where the plan allows). */
      features: { type: "any" },
      settings: { type: "any" },
      ownerId: { type: "string", required: true },
      status: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type TenantItem = EntityItem<typeof TenantEntity>;
