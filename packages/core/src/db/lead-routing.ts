import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A tenant's lead routing: the ordered rules and the default owner, one item so the order and the rules
 * change together under one version.
 */
export const LeadRoutingEntity = new Entity(
  {
    model: { entity: "leadrouting", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      /** Ordered; see sales/routing.ts for the shape. */
      rules: { type: "any" },
      defaultOwnerId: { type: "string" },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type LeadRoutingItem = EntityItem<typeof LeadRoutingEntity>;

/**
 * Routing state in the tenant's partition: `rr#<teamId>` holds a team's round-robin position, `open#<userId>`
 * a member's number of open (new or working) leads. Both are read before routing and written in the lead's
 * transaction on the condition that they still hold what was read, so concurrent leads spread evenly.
 */
export const LeadCounterEntity = new Entity(
  {
    model: { entity: "leadcounter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true, readOnly: true },
      value: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["name"] } },
    },
  },
  entityConfig(),
);
export type LeadCounterItem = EntityItem<typeof LeadCounterEntity>;

export const roundRobinKey = (teamId: string) => `rr#${teamId}`;
export const openLeadsKey = (userId: string) => `open#${userId}`;
