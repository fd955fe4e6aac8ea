import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** An audit entry, written in the same transaction as the change it records. Never updated. */
export const AuditEntity = new Entity(
  {
    model: { entity: "audit", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      auditId: { type: "string", required: true, readOnly: true },
      at: { type: "string", required: true, readOnly: true },
      action: { type: "string", required: true },
      actorType: { type: "string", required: true },
      actorId: { type: "string", required: true },
      ip: { type: "string" },
      recordType: { type: "string" },
      recordId: { type: "string", required: true },
      changes: { type: "any" },
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["auditId"] } },
      byRecord: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "recordId"] }, sk: { field: "gsi1sk", composite: ["auditId"] } },
      byActor: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "actorId"] }, sk: { field: "gsi2sk", composite: ["auditId"] } },
    },
  },
  entityConfig(),
);
export type AuditItem = EntityItem<typeof AuditEntity>;
