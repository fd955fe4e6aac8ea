import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** One search term of one record; prefix queries on `term` find records without scanning. */
export const SearchEntity = new Entity(
  {
    model: { entity: "search", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      kind: { type: "string", required: true, readOnly: true },
      term: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "kind"] }, sk: { field: "sk", composite: ["term", "recordId"] } },
    },
  },
  entityConfig(),
);
export type SearchItem = EntityItem<typeof SearchEntity>;
