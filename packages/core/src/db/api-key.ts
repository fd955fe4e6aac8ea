import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** An integration's key. The secret is shown once; only its SHA-256 is kept (in the `token` lookup). */
export const ApiKeyEntity = new Entity(
  {
    model: { entity: "apikey", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      keyId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      scopes: { type: "list", items: { type: "string" }, required: true },
      prefix: { type: "string", required: true },
      tokenHash: { type: "string", required: true },
      validUntil: { type: "string" },
      lastUsedAt: { type: "string" },
      revokedAt: { type: "string" },
      createdBy: { type: "string", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["keyId"] } },
    },
  },
  entityConfig(),
);
export type ApiKeyItem = EntityItem<typeof ApiKeyEntity>;
