import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * An address no care message goes to (unsubscribed, bounced, or added by hand), one item per tenant and
 * email so a send checks it with one get. Listed newest first by the byTenant index.
 */
export const SuppressionEntity = new Entity(
  {
    model: { entity: "suppression", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      /** Lower-cased address. */
      email: { type: "string", required: true, readOnly: true },
      reason: { type: ["unsubscribed", "bounced", "manual"] as const, required: true },
      contactId: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "email"] }, sk: { field: "sk", composite: [] } },
      byTenant: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["createdAt", "email"] } },
    },
  },
  entityConfig(),
);
export type SuppressionItem = EntityItem<typeof SuppressionEntity>;
