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
