import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * How an object's form is arranged: sections with ordered fields, which fields the quick-entry form shows,
 * and which custom fields are hidden from which roles. One item per tenant and object, in the tenant's
 * partition beside the field definitions (the same cache reads both).
 */
export const LayoutEntity = new Entity(
  {
    model: { entity: "layout", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      objectType: { type: "string", required: true, readOnly: true },
      sections: { type: "any", required: true },
      quickEntry: { type: "list", items: { type: "string" }, required: true },
      /** Custom field key → roles that neither see nor write it. */
      hidden: { type: "any", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["objectType"] } },
    },
  },
  entityConfig(),
);
export type LayoutItem = EntityItem<typeof LayoutEntity>;
