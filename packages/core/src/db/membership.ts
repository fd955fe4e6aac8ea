import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A user's place in a tenant: role and teams. `byUser` lists a person's workspaces (a global path). */
export const MembershipEntity = new Entity(
  {
    model: { entity: "membership", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      userId: { type: "string", required: true, readOnly: true },
      role: { type: ["owner", "admin", "manager", "member", "viewer"] as const, required: true },
      teamIds: { type: "list", items: { type: "string" } },
      name: { type: "string", required: true },
      email: { type: "string", required: true },
      tenantName: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["userId"] } },
      byUser: { index: "gsi1", pk: { field: "gsi1pk", composite: ["userId"] }, sk: { field: "gsi1sk", composite: ["tenantId"] } },
    },
  },
  entityConfig(),
);
export type MembershipItem = EntityItem<typeof MembershipEntity>;
