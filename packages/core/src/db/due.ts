import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * The sparse due-time index the system sweepers read (one of the global items): one item per ticket with
 * an SLA event ahead, keyed by when it falls due, so a sweep reads only what is due, whatever the number
 * of open tickets. Listed with the other global keys in lookup.ts.
 */
export const DueEntity = new Entity(
  {
    model: { entity: "due", version: "1", service: SERVICE },
    attributes: {
      queue: { type: "string", required: true, readOnly: true },
      dueAt: { type: "string", required: true, readOnly: true },
      tenantId: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["queue"] }, sk: { field: "sk", composite: ["dueAt", "tenantId", "recordId"] } },
    },
  },
  entityConfig(),
);

/**
 * What is due at `at` in `queue`, oldest first. The sort key goes on after the time (`…#tenantid_…`), so
 * "due at or before t" is "before t + 1 ms": a plain `lte(t)` would miss items due exactly at `t`.
 */
export function dueBy(queue: string, at: Date) {
  return DueEntity.query.primary({ queue }).lt({ dueAt: new Date(at.getTime() + 1).toISOString() });
}
