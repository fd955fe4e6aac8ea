import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A global identity; what it may do in a tenant is its membership. */
export const UserEntity = new Entity(
  {
    model: { entity: "user", version: "1", service: SERVICE },
    attributes: {
      userId: { type: "string", required: true, readOnly: true },
      email: { type: "string", required: true },
      name: { type: "string", required: true },
      passwordHash: { type: "string" },
      emailVerified: { type: "boolean", required: true, default: false },
      locale: { type: "string" },
      lastTenantId: { type: "string" },
      /** Sessions started before this moment are void (set when the password is reset). */
      sessionsValidFrom: { type: "string" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type UserItem = EntityItem<typeof UserEntity>;
