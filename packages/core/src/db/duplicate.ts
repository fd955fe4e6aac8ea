import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** The duplicate scan of one object type (one item per tenant and type): its run, progress and result. */
export const DuplicateScanEntity = new Entity(
  {
    model: { entity: "dupscan", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      object: { type: ["contact", "company"] as const, required: true, readOnly: true },
      runId: { type: "string", required: true },
      status: { type: ["running", "done", "failed"] as const, required: true },
      /** Which rules were on for this run. */
      rules: { type: "any", required: true },
      chunk: { type: "number", required: true },
      processed: { type: "number", required: true },
      /** The record count when the scan started (from the usage counter), for the progress bar. */
      total: { type: "number", required: true },
      groups: { type: "number", required: true },
      startedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "object"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type DuplicateScanItem = EntityItem<typeof DuplicateScanEntity>;

/** One group of likely duplicates found by a scan run; groups of older runs expire. */
export const DuplicateGroupEntity = new Entity(
  {
    model: { entity: "dupgroup", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      object: { type: ["contact", "company"] as const, required: true, readOnly: true },
      runId: { type: "string", required: true, readOnly: true },
      /** Sort key: higher confidence first (inverted), then the first id. */
      rank: { type: "string", required: true, readOnly: true },
      ids: { type: "list", items: { type: "string" }, required: true },
      reasons: { type: "list", items: { type: "string" }, required: true },
      confidence: { type: "number", required: true },
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "object", "runId"] }, sk: { field: "sk", composite: ["rank"] } },
    },
  },
  entityConfig(),
);
export type DuplicateGroupItem = EntityItem<typeof DuplicateGroupEntity>;

/** Which blocking rules a tenant uses, per object type. */
export const DuplicateSettingsEntity = new Entity(
  {
    model: { entity: "dupsettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      rules: { type: "any", required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/** Left behind by a merge: an old link to a merged record finds its survivor. */
export const MergeRedirectEntity = new Entity(
  {
    model: { entity: "mergeredirect", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      object: { type: ["contact", "company"] as const, required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      survivorId: { type: "string", required: true },
      mergedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "object", "recordId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
