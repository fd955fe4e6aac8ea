import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

export const TeamEntity = new Entity(
  {
    model: { entity: "team", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      teamId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["teamId"] } },
    },
  },
  entityConfig(),
);
export type TeamItem = EntityItem<typeof TeamEntity>;
