import { Entity, type EntityItem } from "electrodb";
import { counterNames } from "../service/sla-buckets";
import { entityConfig, SERVICE } from "./config";

const counters = Object.fromEntries(counterNames().map((n) => [n, { type: "number" as const, default: 0 }]));

/**
 * SLA outcome counters per month and dimension (`all`, `policy#id`, `priority#p`, `agent#id`), added to in
 * the same transaction as the ticket write that completes a clock.
 */
export const SlaStatEntity = new Entity(
  {
    model: { entity: "slastat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      month: { type: "string", required: true, readOnly: true },
      dimension: { type: "string", required: true, readOnly: true },
      label: { type: "string" },
      ...counters,
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "month"] }, sk: { field: "sk", composite: ["dimension"] } },
    },
  },
  entityConfig(),
);
export type SlaStatItem = EntityItem<typeof SlaStatEntity>;
