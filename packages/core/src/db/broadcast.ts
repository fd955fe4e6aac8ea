import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A one-off email to the contacts of a segment. The broadcast and its send log share a partition (tenant
 * + broadcast): one query reads the log. Drafts are edited with a version; scheduling puts a due item
 * (queue `broadcast`) that the sweep reads.
 */
export const BroadcastEntity = new Entity(
  {
    model: { entity: "broadcast", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      broadcastId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      segmentId: { type: "string", required: true },
      /** `{ "zh-CN"?: { subject, body }, en?: { subject, body } }`, as care templates. */
      templates: { type: "any", required: true },
      status: { type: ["draft", "scheduled", "sending", "sent", "cancelled"] as const, required: true },
      scheduledAt: { type: "string" },
      startedAt: { type: "string" },
      finishedAt: { type: "string" },
      /** The visibility of the user who scheduled it (owner ids, or absent for all): the sweep mails only what they could see. */
      scope: { type: "list", items: { type: "string" } },
      scopeAll: { type: "boolean" },
      /** Where the sweep is in the segment's scan (FilterScan cursor); a restarted sweep resumes here. */
      progress: { type: "string" },
      sent: { type: "number", required: true, default: 0 },
      suppressed: { type: "number", required: true, default: 0 },
      failed: { type: "number", required: true, default: 0 },
      ownerId: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "broadcastId"] }, sk: { field: "sk", composite: [] } },
      byTenant: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["broadcastId"] } },
    },
  },
  entityConfig(),
);
export type BroadcastItem = EntityItem<typeof BroadcastEntity>;

/**
 * One recipient of a broadcast: created with a condition before the mail goes out (the claim), so a
 * restarted or concurrent sweep never sends twice; then it is the log line (sent, suppressed, failed).
 */
export const BroadcastSendEntity = new Entity(
  {
    model: { entity: "broadcastsend", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      broadcastId: { type: "string", required: true, readOnly: true },
      contactId: { type: "string", required: true, readOnly: true },
      email: { type: "string" },
      language: { type: "string" },
      status: { type: ["sending", "sent", "suppressed", "failed"] as const, required: true },
      error: { type: "string" },
      messageId: { type: "string" },
      at: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "broadcastId"] }, sk: { field: "sk", composite: ["contactId"] } },
    },
  },
  entityConfig(),
);
export type BroadcastSendItem = EntityItem<typeof BroadcastSendEntity>;
