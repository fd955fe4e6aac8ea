import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Collection (回款) counters per month (of the payment's date), one item per subject `user#<id>` (the
 * contract's owner): the amount collected in minor units and the number of payments. Kept by the
 * goal-collection subscriber from `payment.recorded`, so 回款 goals read one partition per month and never
 * the payments themselves.
 */
export const CollectionStatEntity = new Entity(
  {
    model: { entity: "collectionstat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      month: { type: "string", required: true, readOnly: true },
      subject: { type: "string", required: true, readOnly: true },
      collected: { type: "number" },
      payments: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "month"] }, sk: { field: "sk", composite: ["subject"] } },
    },
  },
  entityConfig(),
);
export type CollectionStatItem = EntityItem<typeof CollectionStatEntity>;
