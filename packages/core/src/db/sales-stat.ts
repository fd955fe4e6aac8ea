import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Sales report counters per pipeline and month (in the tenant's time zone), one item per dimension:
 * `all` (created, won, lost, amounts, sales-cycle seconds), `stage#<id>` (deals that entered the stage
 * and that reached it or a later one, for the funnel) and `owner#<id>` (won and lost by owner). Added to in
 * the same transaction as the deal write, so a dashboard reads one partition per month.
 */
export const SalesStatEntity = new Entity(
  {
    model: { entity: "salesstat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      pipelineId: { type: "string", required: true, readOnly: true },
      month: { type: "string", required: true, readOnly: true },
      dimension: { type: "string", required: true, readOnly: true },
      created: { type: "number" },
      createdAmount: { type: "number" },
      entered: { type: "number" },
      reached: { type: "number" },
      won: { type: "number" },
      wonAmount: { type: "number" },
      lost: { type: "number" },
      lostAmount: { type: "number" },
      cycleSeconds: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "pipelineId", "month"] }, sk: { field: "sk", composite: ["dimension"] } },
    },
  },
  entityConfig(),
);
export type SalesStatItem = EntityItem<typeof SalesStatEntity>;
