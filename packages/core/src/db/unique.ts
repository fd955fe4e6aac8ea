import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A unique rule (one contact per email in a tenant) as its own item, written in the record's transaction. */
export const UniqueEntity = new Entity(
  {
    model: { entity: "unique", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      rule: { type: "string", required: true, readOnly: true },
      value: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "rule", "value"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
