import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

export const InvitationEntity = new Entity(
  {
    model: { entity: "invitation", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      invitationId: { type: "string", required: true, readOnly: true },
      email: { type: "string", required: true },
      role: { type: ["admin", "manager", "member", "viewer"] as const, required: true },
      teamIds: { type: "list", items: { type: "string" } },
      invitedBy: { type: "string", required: true },
      tokenHash: { type: "string", required: true },
      status: { type: ["pending", "accepted", "revoked"] as const, required: true },
      expiresAt: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["invitationId"] } },
    },
  },
  entityConfig(),
);
export type InvitationItem = EntityItem<typeof InvitationEntity>;
