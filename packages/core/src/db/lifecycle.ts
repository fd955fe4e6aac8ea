import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * One lifecycle move of a contact or company: from, to, when, by whom and why. In its own partition per
 * record, sorted by time (the id is time-ordered), so a record's history is one query.
 */
export const LifecycleTransitionEntity = new Entity(
  {
    model: { entity: "lifecycletransition", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordType: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      transitionId: { type: "string", required: true, readOnly: true },
      from: { type: "string", required: true },
      to: { type: "string", required: true },
      at: { type: "string", required: true },
      cause: { type: "string", required: true },
      reason: { type: "string" },
      byType: { type: "string", required: true },
      byId: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordType", "recordId"] }, sk: { field: "sk", composite: ["transitionId"] } },
    },
  },
  entityConfig(),
);
export type LifecycleTransitionItem = EntityItem<typeof LifecycleTransitionEntity>;

/**
 * How many records are in each stage now, per record type (subscribers are derived: the usage count
 * minus the others, since a record without a stage is a subscriber). Added to in the move's transaction.
 */
export const LifecycleCountEntity = new Entity(
  {
    model: { entity: "lifecyclecount", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordType: { type: "string", required: true, readOnly: true },
      stage: { type: "string", required: true, readOnly: true },
      count: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["recordType", "stage"] } },
    },
  },
  entityConfig(),
);

/**
 * Daily lifecycle counters (UTC day): `flow#<type>#<from>#<to>` counts moves, `stay#<type>#<stage>#<bucket>`
 * counts stays that ended that day by length bucket (for the median time in stage). One range query reads
 * a period, however many records there are.
 */
export const LifecycleStatEntity = new Entity(
  {
    model: { entity: "lifecyclestat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      day: { type: "string", required: true, readOnly: true },
      dimension: { type: "string", required: true, readOnly: true },
      count: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["day", "dimension"] } },
    },
  },
  entityConfig(),
);
export type LifecycleStatItem = EntityItem<typeof LifecycleStatEntity>;

/** A tenant's lifecycle settings: after how many days without activity or renewal a customer counts as churned. */
export const LifecycleSettingsEntity = new Entity(
  {
    model: { entity: "lifecyclesettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      churnAfterDays: { type: "number", required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/**
 * The last activity of a customer (`contact#id`, `company#id`), kept by the lifecycle subscriber so the
 * inactivity sweep can push a due entry back instead of churning a record that was active meanwhile.
 */
export const LifecycleActivityEntity = new Entity(
  {
    model: { entity: "lifecycleactivity", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordKey: { type: "string", required: true, readOnly: true },
      lastActivityAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordKey"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
