import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** One search term of one record; prefix queries on `term` find records without scanning. */
export const SearchEntity = new Entity(
  {
    model: { entity: "search", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      kind: { type: "string", required: true, readOnly: true },
      term: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "kind"] }, sk: { field: "sk", composite: ["term", "recordId"] } },
    },
  },
  entityConfig(),
);
export type SearchItem = EntityItem<typeof SearchEntity>;

/**
 * The tenant's search reindex job (one item per tenant): which step and page it is at, and how many records
 * it has indexed. Each chunk advances `chunk` conditionally, so a redelivered chunk is applied once.
 */
export const SearchJobEntity = new Entity(
  {
    model: { entity: "searchjob", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      runId: { type: "string", required: true },
      status: { type: ["running", "done", "failed"] as const, required: true },
      /** `contacts`, `companies`, `tickets`, then `deals:<pipelineId>:<stageId>` per board column. */
      steps: { type: "list", items: { type: "string" }, required: true },
      step: { type: "number", required: true },
      chunk: { type: "number", required: true },
      done: { type: "number", required: true },
      startedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type SearchJobItem = EntityItem<typeof SearchJobEntity>;
