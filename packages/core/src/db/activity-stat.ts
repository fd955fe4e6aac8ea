import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Activity counters per period (a month `2026-11` or a day `2026-11-24`, in the tenant's time zone), one item
 * per subject: `user#<id>` (new leads owned, notes written, tasks completed, ticket replies sent) and
 * `source#<source>` (new leads from that source; `source#` for none). Kept by the goal-activity subscriber
 * from events, so goals and the lead-source report read one partition per month.
 */
export const ActivityStatEntity = new Entity(
  {
    model: { entity: "activitystat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      period: { type: "string", required: true, readOnly: true },
      subject: { type: "string", required: true, readOnly: true },
      leads: { type: "number" },
      notes: { type: "number" },
      tasks: { type: "number" },
      replies: { type: "number" },
      /** Logged calls, meetings, visits and emails. */
      logged: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "period"] }, sk: { field: "sk", composite: ["subject"] } },
    },
  },
  entityConfig(),
);
export type ActivityStatItem = EntityItem<typeof ActivityStatEntity>;

/**
 * An event already counted: written with the counter additions in one transaction on the condition that it
 * does not exist, so an event delivered twice counts once. Expires after 30 days (EventBridge retries end
 * long before).
 */
export const ActivityMarkEntity = new Entity(
  {
    model: { entity: "activitymark", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      eventId: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "eventId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
