import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A sales goal: a target for one user or team over a month (`2026-11`), quarter (`2026-Q4`) or year (`2026`)
 * on one metric. Progress is never stored here: it is read from the sales and activity counters of the
 * period's months. One partition per tenant; a unique item keeps one goal per subject, metric and period.
 */
export const GoalEntity = new Entity(
  {
    model: { entity: "goal", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      goalId: { type: "string", required: true, readOnly: true },
      subjectType: { type: ["user", "team"] as const, required: true, readOnly: true },
      subjectId: { type: "string", required: true, readOnly: true },
      metric: { type: ["wonAmount", "wonDeals", "newLeads", "activities", "collectedAmount"] as const, required: true, readOnly: true },
      period: { type: "string", required: true, readOnly: true },
      /** Only the deals of this pipeline count for won metrics (amounts of one currency); all pipelines when unset. */
      pipelineId: { type: "string" },
      target: { type: "number", required: true },
      createdBy: { type: "string", required: true, readOnly: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["goalId"] } },
      /** The goals of one period, for the goals page. */
      byPeriod: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "period"] }, sk: { field: "gsi1sk", composite: ["goalId"] } },
    },
  },
  entityConfig(),
);
export type GoalItem = EntityItem<typeof GoalEntity>;
