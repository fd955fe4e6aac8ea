import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A tenant-wide data job: an export (one item per export, newest first by id) or the tenant's deletion
 * (one item, id `deletion`). Progress is `done` of an estimated `total`, polled by the settings page.
 */
export const TenantJobEntity = new Entity(
  {
    model: { entity: "tenantjob", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      jobId: { type: "string", required: true, readOnly: true },
      kind: { type: ["export", "deletion"] as const, required: true, readOnly: true },
      /** export: queued → building → ready | failed; deletion: pending → purging (or cancelled). */
      status: { type: ["queued", "building", "ready", "failed", "pending", "cancelled", "purging"] as const, required: true },
      done: { type: "number", default: 0 },
      total: { type: "number", default: 0 },
      requestedBy: { type: "string", required: true },
      requestedByEmail: { type: "string" },
      requestedByName: { type: "string" },
      locale: { type: "string" },
      /** export: where the zip is, its size, and until when its link works. */
      blobKey: { type: "string" },
      size: { type: "number" },
      linkExpiresAt: { type: "string" },
      error: { type: "string" },
      /** deletion: when the grace period ends, and the workspace's slug and name for the final mail. */
      dueAt: { type: "string" },
      slug: { type: "string" },
      workspaceName: { type: "string" },
      finalMailAt: { type: "string" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
      /** TTL: finished exports leave the list a week after their link expired. */
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["jobId"] } },
    },
  },
  entityConfig(),
);
export type TenantJobItem = EntityItem<typeof TenantJobEntity>;
