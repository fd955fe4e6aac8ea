import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Work-efficiency counters of one member for one day (in the tenant's time zone). All of a month's items
 * share a partition, so a report reads one partition per month, however many records there are. Kept by
 * the efficiency subscriber from events (see reports/efficiency-counter.ts).
 *
 * Deals and tickets are kept as string sets of ids: adding an id twice is a no-op, so a redelivered event
 * changes nothing and a deal touched three times in a day counts once. First-response times are kept as the
 * list of minutes, so medians and percentiles are exact rather than read from a histogram.
 */
export const EfficiencyStatEntity = new Entity(
  {
    model: { entity: "efficiencystat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      month: { type: "string", required: true, readOnly: true },
      day: { type: "string", required: true, readOnly: true },
      userId: { type: "string", required: true, readOnly: true },
      call: { type: "number" },
      meeting: { type: "number" },
      visit: { type: "number" },
      email: { type: "number" },
      stageChanges: { type: "number" },
      /** Tasks completed that day. */
      tasksDone: { type: "number" },
      /** Tasks due that day, and of those the ones completed by their due time or after it. */
      tasksDue: { type: "number" },
      tasksOnTime: { type: "number" },
      tasksLate: { type: "number" },
      dealsTouched: { type: "set", items: "string" },
      dealsMoved: { type: "set", items: "string" },
      ticketsHandled: { type: "set", items: "string" },
      /** First-response times in minutes (business time when an SLA clock measured it) of tickets first answered that day. */
      frMinutes: { type: "list", items: { type: "number" } },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "month"] }, sk: { field: "sk", composite: ["day", "userId"] } },
    },
  },
  entityConfig(),
);
export type EfficiencyStatItem = EntityItem<typeof EfficiencyStatEntity>;

/**
 * What the efficiency counters already hold of one thing: `e#<eventId>` for a counted event (expires),
 * `a#<activityId>` and `t#<taskId>` for the state of an activity or task as counted (so a change moves its
 * counts), `fr#<ticketId>` for a ticket's first response. Written in the same transaction as the counters.
 */
export const EfficiencyMarkEntity = new Entity(
  {
    model: { entity: "efficiencymark", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      markId: { type: "string", required: true, readOnly: true },
      version: { type: "number", required: true },
      state: { type: "any" },
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "markId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type EfficiencyMarkItem = EntityItem<typeof EfficiencyMarkEntity>;
